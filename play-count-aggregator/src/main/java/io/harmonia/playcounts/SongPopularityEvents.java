package io.harmonia.playcounts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;

/**
 * Outbox rows that carry a song's new play count to search: a catalog event
 * ({@code schemas/.../events/catalog-event/v1.json}, op {@code upsert}) whose document is the song's
 * full search document, read inside the writing transaction so it is exactly what commits.
 *
 * <p>As catalog ingest does it: the outbox id is drawn from the outbox's sequence before the insert
 * and written as the event's {@code version} and {@code event_id}, so the payload is complete when
 * the row commits; the indexer applies it as the Elasticsearch external version.
 */
final class SongPopularityEvents {

  static final int SCHEMA_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private SongPopularityEvents() {}

  /** Writes one upsert event per song (songs that no longer exist are skipped); returns the rows written. */
  static int write(Connection c, Collection<String> songIds) throws SQLException {
    if (songIds.isEmpty()) {
      return 0;
    }
    Instant occurredAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    int rows = 0;
    try (PreparedStatement q = c.prepareStatement(
        "SELECT s.song_id, s.title, s.artist_id, a.name, s.album_id, al.title, s.genre, s.release_year,"
            + " s.duration_ms, s.play_count"
            + " FROM songs s JOIN artists a ON a.artist_id = s.artist_id"
            + " LEFT JOIN albums al ON al.album_id = s.album_id"
            + " WHERE s.song_id = ANY (?) ORDER BY s.song_id")) {
      q.setArray(1, c.createArrayOf("text", songIds.toArray()));
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          insert(c, r.getString(1), document(r), occurredAt);
          rows++;
        }
      }
    }
    return rows;
  }

  private static ObjectNode document(ResultSet r) throws SQLException {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("song_id", r.getString(1));
    doc.put("title", r.getString(2));
    doc.put("artist_id", r.getString(3));
    doc.put("artist", r.getString(4));
    doc.put("album_id", r.getString(5));
    doc.put("album", r.getString(6));
    doc.put("genre", r.getString(7));
    doc.put("release_year", (Integer) r.getObject(8));
    doc.put("duration_ms", r.getInt(9));
    doc.put("play_count", r.getLong(10));
    return doc;
  }

  private static void insert(Connection c, String songId, ObjectNode document, Instant occurredAt)
      throws SQLException {
    long id;
    try (PreparedStatement q = c.prepareStatement("SELECT nextval(pg_get_serial_sequence('outbox', 'id'))");
        ResultSet r = q.executeQuery()) {
      r.next();
      id = r.getLong(1);
    }
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO outbox (id, entity_type, entity_id, op, payload) OVERRIDING SYSTEM VALUE"
            + " VALUES (?, 'song', ?, 'upsert', ?::jsonb)")) {
      s.setLong(1, id);
      s.setString(2, songId);
      s.setString(3, event(id, songId, occurredAt, document).toString());
      s.executeUpdate();
    }
  }

  static ObjectNode event(long outboxId, String songId, Instant occurredAt, ObjectNode document) {
    ObjectNode event = JSON.createObjectNode();
    event.put("schema_version", SCHEMA_VERSION);
    event.put("event_id", Long.toString(outboxId));
    event.put("entity_type", "song");
    event.put("entity_id", songId);
    event.put("op", "upsert");
    event.put("version", outboxId);
    event.put("occurred_at", occurredAt.toString());
    event.set("document", document);
    return event;
  }
}
