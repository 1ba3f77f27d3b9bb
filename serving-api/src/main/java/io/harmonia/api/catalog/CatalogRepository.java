package io.harmonia.api.catalog;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Catalog reads from PostgreSQL (artists, albums, songs, song_files); the catalog is written by ingest. */
public final class CatalogRepository {

  private static final String SONG = """
      SELECT s.song_id, s.title, s.artist_id, a.name, s.album_id, al.title, al.album_art_url,
             s.track_number, s.genre, s.release_year, s.duration_ms, f.bitrate, f.object_key, f.duration_ms
        FROM songs s
        JOIN artists a ON a.artist_id = s.artist_id
        LEFT JOIN albums al ON al.album_id = s.album_id
        LEFT JOIN song_files f ON f.song_id = s.song_id
       WHERE s.song_id = ANY (?)
       ORDER BY s.song_id, f.bitrate""";

  /** The last resort of recommendations before any run of the job: the catalog's most played songs. */
  private static final String MOST_PLAYED = "SELECT song_id FROM songs ORDER BY play_count DESC, song_id LIMIT ?";

  private static final String ARTIST = "SELECT artist_id, name FROM artists WHERE artist_id = ?";

  private static final String ALBUMS_OF_ARTIST = """
      SELECT al.album_id, al.title, al.release_year, al.album_art_url,
             (SELECT count(*) FROM songs s WHERE s.album_id = al.album_id) AS track_count
        FROM albums al
       WHERE al.artist_id = ?
       ORDER BY al.release_year DESC NULLS LAST, al.title, al.album_id""";

  private static final String ALBUM = """
      SELECT al.album_id, al.title, al.release_year, al.album_art_url, a.artist_id, a.name
        FROM albums al JOIN artists a ON a.artist_id = al.artist_id
       WHERE al.album_id = ?""";

  private static final String TRACKS = """
      SELECT s.song_id, s.title, s.track_number, s.duration_ms
        FROM songs s
       WHERE s.album_id = ?
       ORDER BY s.track_number NULLS LAST, s.title, s.song_id""";

  private final DataSource db;
  private final Counter songReads;

  public CatalogRepository(DataSource db, MeterRegistry metrics) {
    this.db = db;
    this.songReads = Counter.builder("harmonia.catalog.song.db.reads")
        .description("song metadata reads that reached PostgreSQL (cache misses, coalesced)")
        .register(metrics);
  }

  /** The songs of the catalog among {@code songIds}, in one query; ids it does not know are left out. */
  public Map<String, Song> findSongs(Collection<String> songIds) {
    songReads.increment();
    Map<String, Song> songs = new HashMap<>();
    try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(SONG)) {
      st.setArray(1, c.createArrayOf("text", songIds.toArray()));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          Song song = songs.get(rs.getString(1));
          if (song == null) { // the first row of a song: one row per rendition follows
            song = new Song(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), (Integer) rs.getObject(8), rs.getString(9),
                (Integer) rs.getObject(10), rs.getInt(11), new ArrayList<>());
            songs.put(song.songId(), song);
          }
          if (rs.getObject(12) != null) {
            song.renditions().add(new Song.Rendition(rs.getInt(12), rs.getString(13), rs.getInt(14)));
          }
        }
      }
      return songs;
    } catch (SQLException e) {
      throw new IllegalStateException("reading songs " + songIds + " failed", e);
    }
  }

  /** The ids of the {@code limit} most played songs (play counts kept by the play-count aggregator). */
  public List<String> mostPlayedSongIds(int limit) {
    List<String> ids = new ArrayList<>();
    try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(MOST_PLAYED)) {
      st.setInt(1, limit);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw new IllegalStateException("reading the most played songs failed", e);
    }
  }

  public record Artist(String artistId, String name) {}

  public Optional<Artist> findArtist(String artistId) {
    try (Connection c = db.getConnection()) {
      return artist(c, artistId);
    } catch (SQLException e) {
      throw new IllegalStateException("reading artist " + artistId + " failed", e);
    }
  }

  public record AlbumSummary(String albumId, String title, Integer releaseYear, String albumArtUrl, int trackCount) {}

  public record Discography(String artistId, String name, List<AlbumSummary> albums) {}

  /** The artist's albums, newest first; empty when there is no such artist. */
  public Optional<Discography> findDiscography(String artistId) {
    try (Connection c = db.getConnection()) {
      Optional<Artist> artist = artist(c, artistId);
      if (artist.isEmpty()) {
        return Optional.empty();
      }
      List<AlbumSummary> albums = new ArrayList<>();
      try (PreparedStatement st = c.prepareStatement(ALBUMS_OF_ARTIST)) {
        st.setString(1, artistId);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            albums.add(new AlbumSummary(rs.getString(1), rs.getString(2), (Integer) rs.getObject(3),
                rs.getString(4), rs.getInt(5)));
          }
        }
      }
      return Optional.of(new Discography(artistId, artist.get().name(), albums));
    } catch (SQLException e) {
      throw new IllegalStateException("reading the albums of artist " + artistId + " failed", e);
    }
  }

  public record Track(String songId, String title, Integer trackNumber, int durationMs) {}

  public record Album(String albumId, String title, Integer releaseYear, String albumArtUrl, Artist artist,
      List<Track> tracks) {}

  /** The album with its tracks in track order; empty when there is no such album. */
  public Optional<Album> findAlbum(String albumId) {
    try (Connection c = db.getConnection()) {
      Album album;
      try (PreparedStatement st = c.prepareStatement(ALBUM)) {
        st.setString(1, albumId);
        try (ResultSet rs = st.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          album = new Album(rs.getString(1), rs.getString(2), (Integer) rs.getObject(3), rs.getString(4),
              new Artist(rs.getString(5), rs.getString(6)), new ArrayList<>());
        }
      }
      try (PreparedStatement st = c.prepareStatement(TRACKS)) {
        st.setString(1, albumId);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            album.tracks().add(new Track(rs.getString(1), rs.getString(2), (Integer) rs.getObject(3), rs.getInt(4)));
          }
        }
      }
      return Optional.of(album);
    } catch (SQLException e) {
      throw new IllegalStateException("reading album " + albumId + " failed", e);
    }
  }

  private static Optional<Artist> artist(Connection c, String artistId) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(ARTIST)) {
      st.setString(1, artistId);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.of(new Artist(rs.getString(1), rs.getString(2))) : Optional.empty();
      }
    }
  }
}
