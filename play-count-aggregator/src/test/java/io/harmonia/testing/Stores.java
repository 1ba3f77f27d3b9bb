package io.harmonia.testing;

import com.datastax.oss.driver.api.core.CqlSession;
import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.clients.CassandraClients;
import io.harmonia.clients.PostgresClients;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.plays.Play;
import io.harmonia.plays.PlaysByDayTable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.schemas.EventSchemas;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The real stores an integration test writes its own data into: PostgreSQL (catalog rows) and
 * Cassandra ({@code plays_by_day}, as the play-events pipeline writes it). Every test uses fresh
 * ids and a day of its own, far from today, so runs never see each other's plays.
 */
public final class Stores implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  public final HarmoniaConfig config = HarmoniaConfig.fromEnvironment();
  public final HikariDataSource db = PostgresClients.dataSource(config, "play-count-aggregator-it", 2);
  public final CqlSession cassandra = CassandraClients.session(config);
  private final com.datastax.oss.driver.api.core.cql.PreparedStatement insertPlay = cassandra.prepare(
      "INSERT INTO plays_by_day (day, bucket, event_id, user_id, song_id, played_at, duration_ms, bitrate,"
          + " subscription, received_at, qualified, rule) VALUES (?, ?, ?, ?, ?, ?, ?, 320, ?, ?, ?, ?)");

  /** A random UTC day in the years 2100–2999: no one else stores plays there. */
  public static LocalDate unusedDay() {
    return LocalDate.of(2100, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(900 * 365));
  }

  /** A short random prefix for ids of this test run. */
  public static String runId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  /** An artist and its songs in the catalog. */
  public void catalog(String artistId, String... songIds) throws SQLException {
    try (Connection c = db.getConnection()) {
      try (var s = c.prepareStatement("INSERT INTO artists (artist_id, name) VALUES (?, ?)")) {
        s.setString(1, artistId);
        s.setString(2, "Artist " + artistId);
        s.executeUpdate();
      }
      try (var s = c.prepareStatement(
          "INSERT INTO songs (song_id, title, artist_id, genre, release_year, duration_ms) VALUES (?, ?, ?, 'rock', 2020, 180000)")) {
        for (String songId : songIds) {
          s.setString(1, songId);
          s.setString(2, "Song " + songId);
          s.setString(3, artistId);
          s.executeUpdate();
        }
      }
    }
  }

  /**
   * Stores a play as the play-events pipeline does: its day partition, a bucket from its id, the id
   * in the key; its verdict ({@code qualified}, {@code rule}: null for a legacy row) and
   * {@code received_at} (when the play has none: the end of the listening).
   */
  public void store(Play play) {
    UUID eventId = UUID.fromString(play.eventId());
    cassandra.execute(insertPlay.bind(PlaysByDayTable.dayOf(play.playedAt()),
        Math.floorMod(eventId.hashCode(), PlaysByDayTable.BUCKETS), eventId, play.userId(), play.songId(),
        play.playedAt(), play.durationMs(), play.subscription(),
        play.receivedAt() != null ? play.receivedAt() : play.playedAt().plusMillis(play.durationMs()),
        play.qualified(), play.rule()));
  }

  public long playCount(String songId) throws SQLException {
    try (Connection c = db.getConnection();
        java.sql.PreparedStatement q = c.prepareStatement("SELECT play_count FROM songs WHERE song_id = ?")) {
      q.setString(1, songId);
      try (ResultSet r = q.executeQuery()) {
        org.assertj.core.api.Assertions.assertThat(r.next()).isTrue();
        return r.getLong(1);
      }
    }
  }

  /** The song's outbox events in id order, each checked against the catalog-event schema and its row. */
  public List<JsonNode> outbox(String songId) throws Exception {
    EventSchemas.Validator validator = EventSchemas.validator(EventSchemas.CATALOG_EVENT);
    List<JsonNode> events = new ArrayList<>();
    try (Connection c = db.getConnection();
        java.sql.PreparedStatement q = c.prepareStatement("SELECT id, entity_type, op, payload::text FROM outbox"
            + " WHERE entity_id = ? ORDER BY id")) {
      q.setString(1, songId);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          JsonNode event = JSON.readTree(r.getString(4));
          org.assertj.core.api.Assertions.assertThat(validator.validate(event)).isEmpty();
          org.assertj.core.api.Assertions.assertThat(r.getString(2)).isEqualTo("song");
          org.assertj.core.api.Assertions.assertThat(r.getString(3)).isEqualTo("upsert");
          org.assertj.core.api.Assertions.assertThat(event.path("version").asLong()).isEqualTo(r.getLong(1));
          org.assertj.core.api.Assertions.assertThat(event.path("event_id").asText()).isEqualTo(Long.toString(r.getLong(1)));
          org.assertj.core.api.Assertions.assertThat(event.path("document").path("song_id").asText()).isEqualTo(songId);
          events.add(event);
        }
      }
    }
    return events;
  }

  @Override
  public void close() {
    cassandra.close();
    db.close();
  }
}
