package io.harmonia.api.playlists;

import io.harmonia.api.http.ApiProblem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * How every playlist write runs: one transaction that locks the playlist's row
 * ({@code SELECT ... FOR UPDATE}), checks who is asking and, when the client named one, the
 * version its edit was based on, applies the change, bumps the version and commits; then the
 * cached copy is deleted.
 *
 * <p>Writes to one playlist therefore happen one after the other, each against the state the
 * previous one left: a write without a version is applied to the current list, never to a copy
 * read earlier, so no concurrent edit is lost. Deadlocks cannot form: a write locks one playlist
 * row, then touches only that playlist's songs and collaborators and the caller's idempotency key,
 * and the row lock comes first in every write.
 */
final class PlaylistLocks {

  private static final String LOCK = "SELECT owner_id, is_collaborative, version FROM playlists WHERE playlist_id = ? FOR UPDATE";

  // Run as a second statement on purpose: under READ COMMITTED each statement sees the database
  // as of its own start, and this one starts after the lock was granted. Subqueries in the
  // locking statement would see the snapshot taken before it waited for the lock, and would miss
  // the songs that the previous holder of the lock just committed.
  private static final String AFTER_LOCK = """
      SELECT (SELECT count(*) FROM playlist_songs WHERE playlist_id = ?),
             EXISTS (SELECT 1 FROM playlist_collaborators WHERE playlist_id = ? AND user_id = ?)""";

  private static final String BUMP =
      "UPDATE playlists SET version = version + 1, updated_at = now() WHERE playlist_id = ? RETURNING version";

  private final DataSource db;
  private final PlaylistCache cache;

  PlaylistLocks(DataSource db, PlaylistCache cache) {
    this.db = db;
    this.cache = cache;
  }

  /** A playlist locked by this transaction: what the caller may do, its version and its length. */
  record Locked(String playlistId, PlaylistAccess access, long version, int totalSongs) {}

  @FunctionalInterface
  interface Change<T> {
    T apply(Connection c, Locked playlist) throws SQLException;
  }

  /**
   * A write to one playlist: lock, {@code allowed} (throws when the caller may not), the expected
   * version, {@code change} (which bumps the version itself), commit, then invalidate the cache.
   */
  <T> T edit(String playlistId, String callerId, OptionalLong expected, Consumer<PlaylistAccess> allowed,
      Change<T> change) {
    T result = Transactions.inTransaction(db, c -> {
      Locked playlist = lock(c, playlistId, callerId);
      allowed.accept(playlist.access());
      requireVersion(playlist, expected);
      return change.apply(c, playlist);
    });
    cache.invalidate(playlistId);
    return result;
  }

  void invalidate(String playlistId) {
    cache.invalidate(playlistId);
  }

  static Locked lock(Connection c, String playlistId, String callerId) throws SQLException {
    String owner;
    boolean collaborative;
    long version;
    try (PreparedStatement st = c.prepareStatement(LOCK)) {
      st.setString(1, playlistId);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          throw ApiProblem.notFound("playlist", playlistId);
        }
        owner = rs.getString(1);
        collaborative = rs.getBoolean(2);
        version = rs.getLong(3);
      }
    }
    try (PreparedStatement st = c.prepareStatement(AFTER_LOCK)) {
      st.setString(1, playlistId);
      st.setString(2, playlistId);
      st.setString(3, callerId);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        PlaylistAccess access = new PlaylistAccess(playlistId, callerId, owner, collaborative, rs.getBoolean(2));
        return new Locked(playlistId, access, version, rs.getInt(1));
      }
    }
  }

  /** A 409 with the current version when the client's edit was based on another one. */
  static void requireVersion(Locked playlist, OptionalLong expected) {
    if (expected.isPresent() && expected.getAsLong() != playlist.version()) {
      throw new ApiProblem(409, "version-conflict", "Version conflict",
          "the playlist is at version " + playlist.version() + ", not " + expected.getAsLong()
              + ": fetch it again, reapply your change and retry")
          .with("current_version", playlist.version());
    }
  }

  /** The new version, after a successful change. */
  static long bump(Connection c, String playlistId) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(BUMP)) {
      st.setString(1, playlistId);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
