package io.harmonia.system.plays;

import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.clients.PostgresClients;
import io.harmonia.config.HarmoniaConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Songs of a test's own in PostgreSQL (ingest is not what these tests are about): unique ids, run after run. */
public final class Catalog implements AutoCloseable {

  private final HikariDataSource db;

  public Catalog(HarmoniaConfig config) {
    this.db = PostgresClients.dataSource(config, "system-tests", 2);
  }

  public record Song(String songId, String title, String artistId, String artist, String album) {}

  /** A new song of four minutes with an artist and an album of its own, encoded at the three bitrates. */
  public Song song(String title) {
    return song(title, 240_000);
  }

  /** The same, lasting {@code durationMs} (its renditions: the encoder's 41 ms more). */
  public Song song(String title, int durationMs) {
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String artist = "Artist " + suffix.substring(0, 6);
    String album = "Album " + suffix.substring(6, 12);
    update("INSERT INTO artists (artist_id, name) VALUES (?, ?)", "ar-" + suffix, artist);
    update("INSERT INTO albums (album_id, artist_id, title, release_year) VALUES (?, ?, ?, 2024)", "al-" + suffix,
        "ar-" + suffix, album);
    update("INSERT INTO songs (song_id, title, artist_id, album_id, track_number, genre, release_year, duration_ms)"
        + " VALUES (?, ?, ?, ?, 1, 'pop', 2024, ?)", "s-" + suffix, title, "ar-" + suffix, "al-" + suffix, durationMs);
    for (int bitrate : new int[] {128, 256, 320}) {
      update("INSERT INTO song_files (song_id, bitrate, object_key, size_bytes, duration_ms, sha256) VALUES (?, ?, ?, ?, ?, ?)",
          "s-" + suffix, bitrate, "songs/s-" + suffix + "/" + bitrate + "." + suffix.substring(0, 12) + ".mp3",
          30_000L * bitrate, durationMs + 41, "ab".repeat(32));
    }
    return new Song("s-" + suffix, title, "ar-" + suffix, artist, album);
  }

  /** The song's per-window play counts in {@code song_play_counts}, by window start. */
  public Map<Instant, Long> windowCounts(String songId) {
    Map<Instant, Long> counts = new HashMap<>();
    query("SELECT window_start, play_count FROM song_play_counts WHERE song_id = ?", songId,
        row -> counts.put(row.getTimestamp(1).toInstant(), row.getLong(2)));
    return counts;
  }

  /** The song's {@code songs.play_count}: the sum the aggregator refreshes after each run. */
  public long playCount(String songId) {
    long[] count = {-1};
    query("SELECT play_count FROM songs WHERE song_id = ?", songId, row -> count[0] = row.getLong(1));
    return count[0];
  }

  private interface RowReader {
    void read(ResultSet row) throws SQLException;
  }

  private void query(String sql, String param, RowReader reader) {
    try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, param);
      try (ResultSet rows = st.executeQuery()) {
        while (rows.next()) {
          reader.read(rows);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private void update(String sql, Object... params) {
    try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      st.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Override
  public void close() {
    db.close();
  }
}
