package io.harmonia.services;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.harmonia.clients.CassandraClients;
import io.harmonia.config.HarmoniaConfig;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Cassandra through the Apache Cassandra Java driver: the play tables as ApplySchemas made them. */
class CassandraIT {

  @Test
  void aReplayedPlayOverwritesItselfAndReadsComeNewestFirst() {
    try (CqlSession session = CassandraClients.session(HarmoniaConfig.fromEnvironment())) {
      PreparedStatement insert = session.prepare(
          "INSERT INTO plays_by_user (user_id, played_at, event_id, song_id, duration_ms, bitrate, subscription) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?)");
      String user = "it-u-" + UUID.randomUUID();
      Instant older = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);
      Instant newer = older.plusSeconds(300);
      UUID first = UUID.randomUUID();
      UUID second = UUID.randomUUID();

      session.execute(insert.bind(user, older, first, "s-1", 200_000, 320, "PREMIUM"));
      session.execute(insert.bind(user, newer, second, "s-2", 31_000, 128, "PREMIUM"));
      session.execute(insert.bind(user, older, first, "s-1", 200_000, 320, "PREMIUM")); // the replay

      List<Row> rows = session.execute(session.prepare(
          "SELECT event_id, song_id FROM plays_by_user WHERE user_id = ?").bind(user)).all();
      assertThat(rows).extracting(r -> r.getUuid("event_id")).containsExactly(second, first);
      assertThat(rows).extracting(r -> r.getString("song_id")).containsExactly("s-2", "s-1");
    }
  }
}
