package io.harmonia.api.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Catalog rows for a test, inserted with SQL (ingest is not the API's job). Every id is new, so
 * tests never see each other's data and can run again on the same database.
 */
public final class Catalog {

  private final DataSource db;

  Catalog(DataSource db) {
    this.db = db;
  }

  public static String uniqueId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
  }

  public String artist(String name) {
    String id = uniqueId("ar");
    update("INSERT INTO artists (artist_id, name) VALUES (?, ?)", id, name);
    return id;
  }

  public String album(String artistId, String title, Integer releaseYear) {
    String id = uniqueId("al");
    update("INSERT INTO albums (album_id, artist_id, title, release_year, album_art_url) VALUES (?, ?, ?, ?, ?)",
        id, artistId, title, releaseYear, "https://img.example.com/" + id + ".jpg");
    return id;
  }

  /** A song with files at the given bitrates, keyed {@code songs/{id}/{bitrate}.{version}.mp3}. */
  public String song(String artistId, String albumId, String title, Integer trackNumber, int durationMs, int... bitrates) {
    String id = uniqueId("s");
    update("INSERT INTO songs (song_id, title, artist_id, album_id, track_number, genre, release_year, duration_ms)"
        + " VALUES (?, ?, ?, ?, ?, 'rock', 2020, ?)", id, title, artistId, albumId, trackNumber, durationMs);
    for (int bitrate : bitrates) {
      addFile(id, bitrate, objectKey(id, bitrate), 1000L * bitrate, durationMs + 41);
    }
    return id;
  }

  /** A versioned key, the shape ingest writes and the edge serves: {@code songs/{id}/{bitrate}.{hex}.mp3}. */
  public static String objectKey(String songId, int bitrate) {
    return "songs/" + songId + "/" + bitrate + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + ".mp3";
  }

  public void addFile(String songId, int bitrate, String objectKey, long sizeBytes, int durationMs) {
    update("INSERT INTO song_files (song_id, bitrate, object_key, size_bytes, duration_ms, sha256) VALUES (?, ?, ?, ?, ?, ?)",
        songId, bitrate, objectKey, sizeBytes, durationMs, "ab".repeat(32));
  }

  public List<String> objectKeys(String songId) {
    List<String> keys = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement st = c.prepareStatement("SELECT object_key FROM song_files WHERE song_id = ? ORDER BY bitrate")) {
      st.setString(1, songId);
      try (var rs = st.executeQuery()) {
        while (rs.next()) {
          keys.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return keys;
  }

  public void update(String sql, Object... params) {
    try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      st.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
