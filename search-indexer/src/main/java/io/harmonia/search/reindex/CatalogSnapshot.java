package io.harmonia.search.reindex;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.search.events.CatalogEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The catalog's search documents as PostgreSQL holds them, read in one snapshot, each as an upsert
 * whose version is the latest outbox id of its entity visible in that snapshot (0 when it has none).
 *
 * <p>That version is exactly the state the snapshot shows (writers lock an entity's row before they
 * write its outbox row, so its outbox ids follow its changes). An event of the same entity that
 * commits after the snapshot has a higher id and wins over the snapshot's document whichever
 * arrives first; an event the snapshot already includes is refused as not newer. The documents
 * match what ingest and the play-count aggregator write (play counts of artists and albums are the
 * sums of their songs').
 */
final class CatalogSnapshot {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String SONGS = """
      SELECT s.song_id, s.title, s.artist_id, a.name, s.album_id, al.title, s.genre, s.release_year,
             s.duration_ms, s.play_count, COALESCE(v.version, 0)
        FROM songs s
        JOIN artists a ON a.artist_id = s.artist_id
        LEFT JOIN albums al ON al.album_id = s.album_id
        LEFT JOIN (SELECT entity_id, max(id) AS version FROM outbox WHERE entity_type = 'song' GROUP BY entity_id) v
               ON v.entity_id = s.song_id""";

  private static final String ARTISTS = """
      SELECT a.artist_id, a.name, COALESCE(p.plays, 0), COALESCE(v.version, 0)
        FROM artists a
        LEFT JOIN (SELECT artist_id, sum(play_count) AS plays FROM songs GROUP BY artist_id) p
               ON p.artist_id = a.artist_id
        LEFT JOIN (SELECT entity_id, max(id) AS version FROM outbox WHERE entity_type = 'artist' GROUP BY entity_id) v
               ON v.entity_id = a.artist_id""";

  private static final String ALBUMS = """
      SELECT al.album_id, al.title, al.artist_id, a.name, al.release_year, COALESCE(p.plays, 0), COALESCE(v.version, 0)
        FROM albums al
        JOIN artists a ON a.artist_id = al.artist_id
        LEFT JOIN (SELECT album_id, sum(play_count) AS plays FROM songs WHERE album_id IS NOT NULL GROUP BY album_id) p
               ON p.album_id = al.album_id
        LEFT JOIN (SELECT entity_id, max(id) AS version FROM outbox WHERE entity_type = 'album' GROUP BY entity_id) v
               ON v.entity_id = al.album_id""";

  private static final Map<String, String> QUERIES = Map.of("song", SONGS, "artist", ARTISTS, "album", ALBUMS);

  /** Receives the documents in batches. */
  @FunctionalInterface
  interface BatchSink {
    void accept(List<CatalogEvent> batch) throws Exception;
  }

  private CatalogSnapshot() {}

  /**
   * Streams one entity type's documents to the sink. The connection must be in a REPEATABLE READ
   * transaction (one snapshot for all types) with auto-commit off (so rows are fetched in pages).
   */
  static long stream(Connection c, String entityType, int batchSize, BatchSink sink) throws Exception {
    Instant now = Instant.now();
    long count = 0;
    try (PreparedStatement st = c.prepareStatement(QUERIES.get(entityType))) {
      st.setFetchSize(batchSize);
      try (ResultSet rs = st.executeQuery()) {
        List<CatalogEvent> batch = new ArrayList<>(batchSize);
        while (rs.next()) {
          ObjectNode doc = document(entityType, rs);
          long version = rs.getLong(rs.getMetaData().getColumnCount());
          batch.add(new CatalogEvent(entityType, rs.getString(1), CatalogEvent.Op.UPSERT, version, now, doc));
          if (batch.size() == batchSize) {
            sink.accept(batch);
            count += batch.size();
            batch = new ArrayList<>(batchSize);
          }
        }
        if (!batch.isEmpty()) {
          sink.accept(batch);
          count += batch.size();
        }
      }
    }
    return count;
  }

  private static ObjectNode document(String entityType, ResultSet rs) throws SQLException {
    ObjectNode doc = JSON.createObjectNode();
    switch (entityType) {
      case "song" -> {
        doc.put("song_id", rs.getString(1));
        doc.put("title", rs.getString(2));
        doc.put("artist_id", rs.getString(3));
        doc.put("artist", rs.getString(4));
        doc.put("album_id", rs.getString(5));
        doc.put("album", rs.getString(6));
        doc.put("genre", rs.getString(7));
        doc.put("release_year", (Integer) rs.getObject(8));
        doc.put("duration_ms", rs.getInt(9));
        doc.put("play_count", rs.getLong(10));
      }
      case "artist" -> {
        doc.put("artist_id", rs.getString(1));
        doc.put("name", rs.getString(2));
        doc.put("play_count", rs.getLong(3));
      }
      case "album" -> {
        doc.put("album_id", rs.getString(1));
        doc.put("title", rs.getString(2));
        doc.put("artist_id", rs.getString(3));
        doc.put("artist", rs.getString(4));
        doc.put("release_year", (Integer) rs.getObject(5));
        doc.put("play_count", rs.getLong(6));
      }
      default -> throw new IllegalArgumentException(entityType);
    }
    return doc;
  }
}
