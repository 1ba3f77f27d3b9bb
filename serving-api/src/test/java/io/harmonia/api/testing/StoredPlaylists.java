package io.harmonia.api.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A playlist as PostgreSQL holds it, read with SQL (not through the API and its cache), so a test
 * can show that a refused request left it exactly as it was.
 */
public final class StoredPlaylists {

  private final DataSource db;

  public StoredPlaylists(DataSource db) {
    this.db = db;
  }

  /** Everything about one playlist: its row, its songs by position, its collaborators. */
  public record Stored(String name, String description, boolean collaborative, long version, List<String> songsInOrder,
      List<Integer> positions, List<String> collaborators) {}

  public Stored read(String playlistId) {
    try (Connection c = db.getConnection()) {
      Stored row;
      try (PreparedStatement st = c.prepareStatement(
          "SELECT name, description, is_collaborative, version FROM playlists WHERE playlist_id = ?")) {
        st.setString(1, playlistId);
        try (ResultSet rs = st.executeQuery()) {
          if (!rs.next()) {
            return null;
          }
          row = new Stored(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getLong(4), new ArrayList<>(),
              new ArrayList<>(), new ArrayList<>());
        }
      }
      try (PreparedStatement st = c.prepareStatement(
          "SELECT song_id, position FROM playlist_songs WHERE playlist_id = ? ORDER BY position, song_id")) {
        st.setString(1, playlistId);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            row.songsInOrder().add(rs.getString(1));
            row.positions().add(rs.getInt(2));
          }
        }
      }
      try (PreparedStatement st = c.prepareStatement(
          "SELECT user_id FROM playlist_collaborators WHERE playlist_id = ? ORDER BY user_id")) {
        st.setString(1, playlistId);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            row.collaborators().add(rs.getString(1));
          }
        }
      }
      return row;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public long idempotencyKeys(String userId, String key) {
    try (Connection c = db.getConnection();
        PreparedStatement st = c.prepareStatement(
            "SELECT count(*) FROM idempotency_keys WHERE user_id = ? AND idempotency_key = ?")) {
      st.setString(1, userId);
      st.setString(2, key);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
