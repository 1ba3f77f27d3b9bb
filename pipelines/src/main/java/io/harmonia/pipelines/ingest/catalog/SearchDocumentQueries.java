package io.harmonia.pipelines.ingest.catalog;

import io.harmonia.pipelines.ingest.catalog.CatalogEvents.AlbumDocument;
import io.harmonia.pipelines.ingest.catalog.CatalogEvents.ArtistDocument;
import io.harmonia.pipelines.ingest.catalog.CatalogEvents.SongDocument;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The search documents of catalog entities, read inside the writing transaction: an event carries
 * exactly the rows that commit with it (including the current play counts).
 */
final class SearchDocumentQueries {

  private SearchDocumentQueries() {}

  static List<SongDocument> songs(Connection c, Collection<String> songIds) throws SQLException {
    List<SongDocument> docs = new ArrayList<>();
    if (songIds.isEmpty()) {
      return docs;
    }
    try (PreparedStatement q = c.prepareStatement(
        "SELECT s.song_id, s.title, s.artist_id, a.name, s.album_id, al.title, s.genre, s.release_year,"
            + " s.duration_ms, s.play_count"
            + " FROM songs s JOIN artists a ON a.artist_id = s.artist_id"
            + " LEFT JOIN albums al ON al.album_id = s.album_id"
            + " WHERE s.song_id = ANY (?) ORDER BY s.song_id")) {
      q.setArray(1, c.createArrayOf("text", songIds.toArray()));
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          docs.add(new SongDocument(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
              r.getString(6), r.getString(7), (Integer) r.getObject(8), r.getInt(9), r.getLong(10)));
        }
      }
    }
    return docs;
  }

  /** An artist's play count is the sum of its songs' counts. */
  static List<ArtistDocument> artists(Connection c, Collection<String> artistIds) throws SQLException {
    List<ArtistDocument> docs = new ArrayList<>();
    if (artistIds.isEmpty()) {
      return docs;
    }
    try (PreparedStatement q = c.prepareStatement(
        "SELECT a.artist_id, a.name,"
            + " COALESCE((SELECT sum(s.play_count) FROM songs s WHERE s.artist_id = a.artist_id), 0)"
            + " FROM artists a WHERE a.artist_id = ANY (?) ORDER BY a.artist_id")) {
      q.setArray(1, c.createArrayOf("text", artistIds.toArray()));
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          docs.add(new ArtistDocument(r.getString(1), r.getString(2), r.getLong(3)));
        }
      }
    }
    return docs;
  }

  /** An album's play count is the sum of its songs' counts. */
  static List<AlbumDocument> albums(Connection c, Collection<String> albumIds) throws SQLException {
    List<AlbumDocument> docs = new ArrayList<>();
    if (albumIds.isEmpty()) {
      return docs;
    }
    try (PreparedStatement q = c.prepareStatement(
        "SELECT al.album_id, al.title, al.artist_id, a.name, al.release_year,"
            + " COALESCE((SELECT sum(s.play_count) FROM songs s WHERE s.album_id = al.album_id), 0)"
            + " FROM albums al JOIN artists a ON a.artist_id = al.artist_id"
            + " WHERE al.album_id = ANY (?) ORDER BY al.album_id")) {
      q.setArray(1, c.createArrayOf("text", albumIds.toArray()));
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          docs.add(new AlbumDocument(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
              (Integer) r.getObject(5), r.getLong(6)));
        }
      }
    }
    return docs;
  }
}
