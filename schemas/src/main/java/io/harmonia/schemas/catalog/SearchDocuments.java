package io.harmonia.schemas.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The search documents of catalog entities as PostgreSQL holds them: the shape of the Elasticsearch
 * indices ({@code elasticsearch/*.json}) minus the {@code suggest} field the indexer derives. Every
 * writer of catalog events (ingest, the play-count aggregator) and the full reindex build them here,
 * so a document means the same thing whichever path carried it. An artist's and an album's play
 * count is the sum of their songs' counts.
 *
 * <p>The readers take the writer's connection: inside its transaction they see exactly the rows
 * that commit with the event.
 */
public final class SearchDocuments {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A document and the entity it belongs to. */
  public sealed interface Document permits Song, Artist, Album {
    /** {@code song}, {@code artist} or {@code album}: the catalog event's {@code entity_type}. */
    String entityType();

    String entityId();

    ObjectNode toJson();
  }

  public record Song(String songId, String title, String artistId, String artist, String albumId, String album,
      String genre, Integer releaseYear, int durationMs, long playCount) implements Document {

    @Override
    public String entityType() {
      return "song";
    }

    @Override
    public String entityId() {
      return songId;
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode doc = JSON.createObjectNode();
      doc.put("song_id", songId);
      doc.put("title", title);
      doc.put("artist_id", artistId);
      doc.put("artist", artist);
      doc.put("album_id", albumId);
      doc.put("album", album);
      doc.put("genre", genre);
      doc.put("release_year", releaseYear);
      doc.put("duration_ms", durationMs);
      doc.put("play_count", playCount);
      return doc;
    }
  }

  public record Artist(String artistId, String name, long playCount) implements Document {

    @Override
    public String entityType() {
      return "artist";
    }

    @Override
    public String entityId() {
      return artistId;
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode doc = JSON.createObjectNode();
      doc.put("artist_id", artistId);
      doc.put("name", name);
      doc.put("play_count", playCount);
      return doc;
    }
  }

  public record Album(String albumId, String title, String artistId, String artist, Integer releaseYear,
      long playCount) implements Document {

    @Override
    public String entityType() {
      return "album";
    }

    @Override
    public String entityId() {
      return albumId;
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode doc = JSON.createObjectNode();
      doc.put("album_id", albumId);
      doc.put("title", title);
      doc.put("artist_id", artistId);
      doc.put("artist", artist);
      doc.put("release_year", releaseYear);
      doc.put("play_count", playCount);
      return doc;
    }
  }

  /**
   * Columns of a song document, in the order {@link #song(ResultSet)} reads them; {@code s} is
   * {@code songs}, {@code a} its artist, {@code al} its album (outer-joined).
   */
  public static final String SONG_COLUMNS =
      "s.song_id, s.title, s.artist_id, a.name, s.album_id, al.title, s.genre, s.release_year, s.duration_ms,"
          + " s.play_count";

  private static final String SONGS_BY_ID = "SELECT " + SONG_COLUMNS
      + " FROM songs s JOIN artists a ON a.artist_id = s.artist_id"
      + " LEFT JOIN albums al ON al.album_id = s.album_id"
      + " WHERE s.song_id = ANY (?) ORDER BY s.song_id";

  private static final String ARTISTS_BY_ID = "SELECT a.artist_id, a.name,"
      + " COALESCE((SELECT sum(s.play_count) FROM songs s WHERE s.artist_id = a.artist_id), 0)"
      + " FROM artists a WHERE a.artist_id = ANY (?) ORDER BY a.artist_id";

  private static final String ALBUMS_BY_ID = "SELECT al.album_id, al.title, al.artist_id, a.name, al.release_year,"
      + " COALESCE((SELECT sum(s.play_count) FROM songs s WHERE s.album_id = al.album_id), 0)"
      + " FROM albums al JOIN artists a ON a.artist_id = al.artist_id"
      + " WHERE al.album_id = ANY (?) ORDER BY al.album_id";

  @FunctionalInterface
  private interface Reader<T> {
    T read(ResultSet r) throws SQLException;
  }

  private SearchDocuments() {}

  /** The songs' documents, by id; ids that do not exist are skipped. */
  public static List<Song> songs(Connection c, Collection<String> songIds) throws SQLException {
    return byId(c, SONGS_BY_ID, songIds, SearchDocuments::song);
  }

  public static List<Artist> artists(Connection c, Collection<String> artistIds) throws SQLException {
    return byId(c, ARTISTS_BY_ID, artistIds, SearchDocuments::artist);
  }

  public static List<Album> albums(Connection c, Collection<String> albumIds) throws SQLException {
    return byId(c, ALBUMS_BY_ID, albumIds, SearchDocuments::album);
  }

  /** A song document from the current row's first columns, laid out as {@link #SONG_COLUMNS}. */
  public static Song song(ResultSet r) throws SQLException {
    return new Song(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6),
        r.getString(7), (Integer) r.getObject(8), r.getInt(9), r.getLong(10));
  }

  /** An artist document from the current row's columns: artist_id, name, play count. */
  public static Artist artist(ResultSet r) throws SQLException {
    return new Artist(r.getString(1), r.getString(2), r.getLong(3));
  }

  /** An album document from the row's columns: album_id, title, artist_id, artist name, release year, play count. */
  public static Album album(ResultSet r) throws SQLException {
    return new Album(r.getString(1), r.getString(2), r.getString(3), r.getString(4), (Integer) r.getObject(5),
        r.getLong(6));
  }

  private static <T> List<T> byId(Connection c, String sql, Collection<String> ids, Reader<T> reader)
      throws SQLException {
    List<T> docs = new ArrayList<>();
    if (ids.isEmpty()) {
      return docs;
    }
    try (PreparedStatement q = c.prepareStatement(sql)) {
      q.setArray(1, c.createArrayOf("text", ids.toArray()));
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          docs.add(reader.read(r));
        }
      }
    }
    return docs;
  }
}
