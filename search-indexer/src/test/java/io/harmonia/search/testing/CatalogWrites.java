package io.harmonia.search.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Catalog writes the way ingest and the play-count aggregator make them: the rows and their outbox
 * row in one transaction, the outbox payload carrying the entity's search document. (The payload's
 * version is left for the relay to set from the row id, which the relay does whatever a writer put.)
 * Every id is new, so tests never see each other's data.
 */
public final class CatalogWrites {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final DataSource db;

  public CatalogWrites(DataSource db) {
    this.db = db;
  }

  public static String uniqueId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
  }

  /** A word of lower-case letters unique to a run, to find a test's own documents by text. */
  public static String uniqueWord() {
    StringBuilder word = new StringBuilder();
    java.util.Random random = new java.util.Random(UUID.randomUUID().getMostSignificantBits());
    for (int i = 0; i < 9; i++) {
      word.append((char) ('a' + random.nextInt(26)));
    }
    return word.toString();
  }

  public String artist(String name) throws SQLException {
    String id = uniqueId("ar");
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      update(c, "INSERT INTO artists (artist_id, name) VALUES (?, ?)", id, name);
      outbox(c, "artist", id, JSON.createObjectNode().put("artist_id", id).put("name", name).put("play_count", 0));
      c.commit();
    }
    return id;
  }

  /** A new song of the artist (no album), with its outbox upsert; returns the song id. */
  public String song(String artistId, String title) throws SQLException {
    String id = uniqueId("s");
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      update(c, "INSERT INTO songs (song_id, title, artist_id, duration_ms) VALUES (?, ?, ?, 200000)", id, title, artistId);
      outbox(c, "song", id, songDocument(c, id));
      c.commit();
    }
    return id;
  }

  /** Removes songs and then their artist, each with its outbox delete, in one transaction. */
  public void delete(String artistId, java.util.List<String> songIds) throws SQLException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      for (String songId : songIds) {
        update(c, "DELETE FROM songs WHERE song_id = ?", songId);
        insertOutbox(c, "song", songId, "delete", null);
      }
      update(c, "DELETE FROM artists WHERE artist_id = ?", artistId);
      insertOutbox(c, "artist", artistId, "delete", null);
      c.commit();
    }
  }

  public long outboxRow(String entityType, String entityId, String op, ObjectNode document) throws SQLException {
    try (Connection c = db.getConnection()) {
      return insertOutbox(c, entityType, entityId, op, document);
    }
  }

  private static ObjectNode songDocument(Connection c, String songId) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("SELECT s.song_id, s.title, s.artist_id, a.name, s.duration_ms,"
        + " s.play_count FROM songs s JOIN artists a ON a.artist_id = s.artist_id WHERE s.song_id = ?")) {
      st.setString(1, songId);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return JSON.createObjectNode().put("song_id", rs.getString(1)).put("title", rs.getString(2))
            .put("artist_id", rs.getString(3)).put("artist", rs.getString(4)).put("duration_ms", rs.getInt(5))
            .put("play_count", rs.getLong(6));
      }
    }
  }

  private static long outbox(Connection c, String type, String id, ObjectNode document) throws SQLException {
    return insertOutbox(c, type, id, "upsert", document);
  }

  private static long insertOutbox(Connection c, String type, String id, String op, ObjectNode document)
      throws SQLException {
    ObjectNode payload = JSON.createObjectNode().put("schema_version", 1).put("entity_type", type).put("entity_id", id)
        .put("op", op).put("occurred_at", java.time.Instant.now().toString());
    if (document != null) {
      payload.set("document", document);
    }
    try (PreparedStatement st = c.prepareStatement(
        "INSERT INTO outbox (entity_type, entity_id, op, payload) VALUES (?, ?, ?, ?::jsonb) RETURNING id")) {
      st.setString(1, type);
      st.setString(2, id);
      st.setString(3, op);
      st.setString(4, payload.toString());
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      st.executeUpdate();
    }
  }
}
