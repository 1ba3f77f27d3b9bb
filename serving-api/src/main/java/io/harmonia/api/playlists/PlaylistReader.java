package io.harmonia.api.playlists;

import io.harmonia.api.http.ApiProblem;
import io.harmonia.api.http.Json;
import io.harmonia.api.playlists.PlaylistViews.Playlist;
import io.harmonia.api.playlists.PlaylistViews.PlaylistPage;
import io.harmonia.api.playlists.PlaylistViews.PlaylistSong;
import io.harmonia.api.playlists.PlaylistViews.PlaylistSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Playlist reads. Each one reads the playlist's row in PostgreSQL (who may read it, and its
 * current version) and only then takes the body from the cache when the cache holds that
 * version, else loads it from the same snapshot and caches it.
 */
final class PlaylistReader {

  private static final String ROW = """
      SELECT p.owner_id, p.name, p.description, p.is_collaborative, p.version, p.created_at, p.updated_at,
             EXISTS (SELECT 1 FROM playlist_collaborators c WHERE c.playlist_id = p.playlist_id AND c.user_id = ?)
        FROM playlists p
       WHERE p.playlist_id = ?""";

  private static final String SONGS = """
      SELECT ps.song_id, ps.position, s.title, a.name, al.title, s.duration_ms, ps.added_by, ps.added_at
        FROM playlist_songs ps
        JOIN songs s ON s.song_id = ps.song_id
        JOIN artists a ON a.artist_id = s.artist_id
        LEFT JOIN albums al ON al.album_id = s.album_id
       WHERE ps.playlist_id = ?
       ORDER BY ps.position""";

  private static final String COLLABORATORS =
      "SELECT user_id FROM playlist_collaborators WHERE playlist_id = ? ORDER BY added_at, user_id";

  // the caller's own playlists and the collaborative ones they are on, newest first, after the cursor
  private static final String MINE = """
      SELECT p.playlist_id, p.name, p.description, p.owner_id, p.is_collaborative, p.version,
             (SELECT count(*) FROM playlist_songs ps WHERE ps.playlist_id = p.playlist_id),
             p.created_at, p.updated_at
        FROM playlists p
       WHERE p.playlist_id IN (SELECT playlist_id FROM playlists WHERE owner_id = ?
                               UNION ALL
                               SELECT c.playlist_id FROM playlist_collaborators c WHERE c.user_id = ?)
         AND (p.owner_id = ? OR p.is_collaborative)
         AND (p.created_at, p.playlist_id) < (?, ?)
       ORDER BY p.created_at DESC, p.playlist_id DESC
       LIMIT ?""";

  private final DataSource db;
  private final PlaylistCache cache;

  PlaylistReader(DataSource db, PlaylistCache cache) {
    this.db = db;
    this.cache = cache;
  }

  /** A read's outcome: the version, and the playlist's JSON unless the client's copy is current. */
  record Read(long version, String json) {
    boolean notModified() {
      return json == null;
    }
  }

  Read read(String playlistId, String callerId, String ifNoneMatch) {
    Loaded loaded = Transactions.inSnapshot(db, c -> {
      Row row = row(c, playlistId, callerId).orElseThrow(() -> ApiProblem.notFound("playlist", playlistId));
      row.access(callerId).requireRead();
      if (EntityTags.noneMatchHits(ifNoneMatch, row.version())) {
        return new Loaded(row.version(), null, false);
      }
      Optional<String> cached = cache.get(playlistId, row.version());
      if (cached.isPresent()) {
        return new Loaded(row.version(), cached.get(), false);
      }
      return new Loaded(row.version(), Json.write(load(c, row)), true);
    });
    if (loaded.fromDatabase()) {
      cache.put(playlistId, loaded.version(), loaded.json());
    }
    return new Read(loaded.version(), loaded.json());
  }

  private record Loaded(long version, String json, boolean fromDatabase) {}

  record Row(String playlistId, String ownerId, String name, String description, boolean collaborative, long version,
      Instant createdAt, Instant updatedAt, boolean callerCollaborates) {
    PlaylistAccess access(String callerId) {
      return new PlaylistAccess(playlistId, callerId, ownerId, collaborative, callerCollaborates);
    }
  }

  static Optional<Row> row(Connection c, String playlistId, String callerId) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(ROW)) {
      st.setString(1, callerId);
      st.setString(2, playlistId);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Row(playlistId, rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
            rs.getLong(5), instant(rs, 6), instant(rs, 7), rs.getBoolean(8)));
      }
    }
  }

  /** The whole playlist as of the snapshot {@code row} was read in. */
  static Playlist load(Connection c, Row row) throws SQLException {
    List<PlaylistSong> songs = new ArrayList<>();
    try (PreparedStatement st = c.prepareStatement(SONGS)) {
      st.setString(1, row.playlistId());
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          songs.add(new PlaylistSong(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
              rs.getInt(6), rs.getString(7), instant(rs, 8)));
        }
      }
    }
    return new Playlist(row.playlistId(), row.name(), row.description(), row.ownerId(), row.collaborative(),
        row.version(), collaborators(c, row.playlistId()), songs.size(), songs, row.createdAt(), row.updatedAt());
  }

  static List<String> collaborators(Connection c, String playlistId) throws SQLException {
    List<String> users = new ArrayList<>();
    try (PreparedStatement st = c.prepareStatement(COLLABORATORS)) {
      st.setString(1, playlistId);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          users.add(rs.getString(1));
        }
      }
    }
    return users;
  }

  /** One page of the caller's playlists, newest first; {@code after} is the previous page's cursor. */
  PlaylistPage mine(String callerId, int limit, Optional<ListCursor> after) {
    ListCursor from = after.orElse(ListCursor.START);
    return Transactions.inSnapshot(db, c -> {
      List<PlaylistSummary> items = new ArrayList<>();
      try (PreparedStatement st = c.prepareStatement(MINE)) {
        st.setString(1, callerId);
        st.setString(2, callerId);
        st.setString(3, callerId);
        st.setObject(4, OffsetDateTime.ofInstant(from.createdAt(), ZoneOffset.UTC));
        st.setString(5, from.playlistId());
        st.setInt(6, limit + 1);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            String owner = rs.getString(4);
            items.add(new PlaylistSummary(rs.getString(1), rs.getString(2), rs.getString(3), owner, rs.getBoolean(5),
                rs.getLong(6), rs.getInt(7), owner.equals(callerId) ? "owner" : "collaborator", instant(rs, 8),
                instant(rs, 9)));
          }
        }
      }
      if (items.size() <= limit) {
        return new PlaylistPage(items, null);
      }
      PlaylistSummary last = items.get(limit - 1);
      return new PlaylistPage(items.subList(0, limit), new ListCursor(last.createdAt(), last.playlistId()).encode());
    });
  }

  static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
