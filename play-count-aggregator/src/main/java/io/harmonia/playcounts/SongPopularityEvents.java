package io.harmonia.playcounts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Outbox rows that carry a song's new play count to search: a catalog event
 * ({@code schemas/.../events/catalog-event/v1.json}, op {@code upsert}) whose document is the song's
 * full search document, read inside the writing transaction so it is exactly what commits.
 *
 * <p>As catalog ingest does it: the outbox id is drawn from the outbox's sequence before the insert
 * and written as the event's {@code version} and {@code event_id}, so the payload is complete when
 * the row commits; the indexer applies it as the Elasticsearch external version. (Here the ids of
 * a write's events are drawn together, and the rows inserted in one batch.)
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
    List<ObjectNode> documents = documents(c, songIds);
    List<Long> ids = outboxIds(c, documents.size());
    Instant occurredAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO outbox (id, entity_type, entity_id, op, payload) OVERRIDING SYSTEM VALUE"
            + " VALUES (?, 'song', ?, 'upsert', ?::jsonb)")) {
      for (int i = 0; i < documents.size(); i++) {
        String songId = documents.get(i).get("song_id").asText();
        s.setLong(1, ids.get(i));
        s.setString(2, songId);
        s.setString(3, event(ids.get(i), songId, occurredAt, documents.get(i)).toString());
        s.addBatch();
      }
      s.executeBatch();
    }
    return documents.size();
  }

  private static List<ObjectNode> documents(Connection c, Collection<String> songIds) throws SQLException {
    List<ObjectNode> documents = new ArrayList<>();
    try (PreparedStatement q = c.prepareStatement(
        "SELECT s.song_id, s.title, s.artist_id, a.name, s.album_id, al.title, s.genre, s.release_year,"
            + " s.duration_ms, s.play_count"
            + " FROM songs s JOIN artists a ON a.artist_id = s.artist_id"
            + " LEFT JOIN albums al ON al.album_id = s.album_id"
            + " WHERE s.song_id = ANY (?) ORDER BY s.song_id")) {
      q.setArray(1, c.createArrayOf("text", songIds.toArray()));
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          documents.add(document(r));
        }
      }
    }
    return documents;
  }

  /** Ids drawn from the outbox's sequence in one round trip, ascending (so in song order). */
  private static List<Long> outboxIds(Connection c, int n) throws SQLException {
    List<Long> ids = new ArrayList<>(n);
    try (PreparedStatement q = c.prepareStatement(
        "SELECT nextval(pg_get_serial_sequence('outbox', 'id')) FROM generate_series(1, ?)")) {
      q.setInt(1, n);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          ids.add(r.getLong(1));
        }
      }
    }
    ids.sort(null);
    return ids;
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
