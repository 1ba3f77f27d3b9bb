package io.harmonia.search.reindex;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.schemas.catalog.SearchDocuments;
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

  private static final String SONGS = """
      SELECT %s, COALESCE(v.version, 0)
        FROM songs s
        JOIN artists a ON a.artist_id = s.artist_id
        LEFT JOIN albums al ON al.album_id = s.album_id
        LEFT JOIN (SELECT entity_id, max(id) AS version FROM outbox WHERE entity_type = 'song' GROUP BY entity_id) v
               ON v.entity_id = s.song_id""".formatted(SearchDocuments.SONG_COLUMNS);

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
    return switch (entityType) {
      case "song" -> SearchDocuments.song(rs).toJson();
      case "artist" -> SearchDocuments.artist(rs).toJson();
      case "album" -> SearchDocuments.album(rs).toJson();
      default -> throw new IllegalArgumentException(entityType);
    };
  }
}
