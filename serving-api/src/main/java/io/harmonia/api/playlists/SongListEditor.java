package io.harmonia.api.playlists;

import io.harmonia.api.http.ApiProblem;
import io.harmonia.api.http.Json;
import io.harmonia.api.http.Problem;
import io.harmonia.api.playlists.IdempotencyKeys.Answer;
import io.harmonia.api.playlists.IdempotencyKeys.KeyTaken;
import io.harmonia.api.playlists.IdempotencyKeys.KeyedRequest;
import io.harmonia.api.playlists.PlaylistLocks.Locked;
import io.harmonia.api.playlists.PlaylistRequests.AddSong;
import io.harmonia.api.playlists.PlaylistViews.SongsChanged;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Adding, removing and moving a playlist's songs, each one transaction under the playlist's lock
 * ({@link PlaylistLocks}), positions kept at 0..n-1 ({@link Positions}).
 *
 * <p>A song is in a playlist at most once: adding it again is a 409 {@code song-already-in-playlist}.
 * An add may carry an idempotency key. Its answer is kept with the key when the transaction decided
 * it: the 200, and the 400 or 409 that the playlist's state gave (position beyond the end, song
 * already there, playlist full), so a retry sees the same answer even if the playlist changed since.
 * Not kept, because a retry may rightly get another answer: a version conflict (the client
 * re-fetches and retries with the same key), no such playlist or no access, and failures (5xx).
 */
final class SongListEditor {

  static final int MAX_SONGS = 10_000;
  private static final Set<String> KEPT_PROBLEMS = Set.of("invalid-request", "song-already-in-playlist", "playlist-full");
  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private final DataSource db;
  private final PlaylistLocks locks;
  private final IdempotencyKeys keys;

  SongListEditor(DataSource db, PlaylistLocks locks, IdempotencyKeys keys) {
    this.db = db;
    this.locks = locks;
    this.keys = keys;
  }

  /** {@code instance} is the request path, for a problem answer kept under the key. */
  Answer add(String playlistId, String callerId, AddSong request, OptionalLong expected, Optional<KeyedRequest> keyed,
      String instance) {
    try {
      return addOnce(playlistId, callerId, request, expected, keyed, instance);
    } catch (KeyTaken raced) {
      // another attempt with this key committed while this one ran: its answer is the answer
      return addOnce(playlistId, callerId, request, expected, keyed, instance);
    }
  }

  private Answer addOnce(String playlistId, String callerId, AddSong request, OptionalLong expected,
      Optional<KeyedRequest> keyed, String instance) {
    Answer answer = Transactions.inTransaction(db, c -> {
      Locked playlist = PlaylistLocks.lock(c, playlistId, callerId);
      if (keyed.isPresent()) {
        Optional<Answer> first = keys.recall(c, keyed.get());
        if (first.isPresent()) {
          return first.get();
        }
      }
      playlist.access().requireEditSongs();
      PlaylistLocks.requireVersion(playlist, expected);
      Answer fresh;
      try {
        fresh = Answer.fresh(200, Json.write(insert(c, playlist, request.songId(), request.position(), callerId)));
      } catch (ApiProblem problem) {
        if (keyed.isEmpty() || !KEPT_PROBLEMS.contains(problem.type())) {
          throw problem;
        }
        fresh = Answer.fresh(problem.status(), Json.write(Problem.of(problem, instance)));
      }
      if (keyed.isPresent()) {
        keys.remember(c, keyed.get(), fresh);
      }
      return fresh;
    });
    if (answer.status() == 200 && !answer.replayed()) {
      locks.invalidate(playlistId);
    }
    return answer;
  }

  /** Checks everything that can refuse the add before changing anything, so a refusal can still be kept. */
  private static SongsChanged insert(Connection c, Locked playlist, String songId, Integer position, String callerId)
      throws SQLException {
    OptionalInt already = positionOf(c, playlist.playlistId(), songId);
    if (already.isPresent()) {
      throw new ApiProblem(409, "song-already-in-playlist", "Song already in playlist",
          "song '" + songId + "' is already in this playlist, at position " + already.getAsInt()
              + "; a song can be in a playlist once (move it with PUT .../songs/reorder)");
    }
    if (playlist.totalSongs() >= MAX_SONGS) {
      throw new ApiProblem(409, "playlist-full", "Playlist full", "a playlist holds at most " + MAX_SONGS + " songs");
    }
    int at = Positions.insertionPoint(position, playlist.totalSongs());
    shift(c, playlist.playlistId(), Positions.forInsert(at, playlist.totalSongs()));
    try (PreparedStatement st = c.prepareStatement(
        "INSERT INTO playlist_songs (playlist_id, position, song_id, added_by) VALUES (?, ?, ?, ?)")) {
      st.setString(1, playlist.playlistId());
      st.setInt(2, at);
      st.setString(3, songId);
      st.setString(4, callerId);
      st.executeUpdate();
    } catch (SQLException e) {
      if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
        throw ApiProblem.notFound("song", songId); // checked before, removed from the catalog since
      }
      throw e;
    }
    return new SongsChanged(playlist.playlistId(), playlist.totalSongs() + 1, PlaylistLocks.bump(c, playlist.playlistId()));
  }

  SongsChanged remove(String playlistId, String callerId, String songId, OptionalLong expected) {
    return locks.edit(playlistId, callerId, expected, PlaylistAccess::requireEditSongs, (c, playlist) -> {
      int at;
      try (PreparedStatement st = c.prepareStatement(
          "DELETE FROM playlist_songs WHERE playlist_id = ? AND song_id = ? RETURNING position")) {
        st.setString(1, playlistId);
        st.setString(2, songId);
        try (ResultSet rs = st.executeQuery()) {
          if (!rs.next()) {
            throw notInPlaylist(songId);
          }
          at = rs.getInt(1);
        }
      }
      shift(c, playlistId, Positions.forRemove(at, playlist.totalSongs()));
      return new SongsChanged(playlistId, playlist.totalSongs() - 1, PlaylistLocks.bump(c, playlistId));
    });
  }

  /** Moving a song to where it already is succeeds too, and counts as a write (the version moves on). */
  SongsChanged move(String playlistId, String callerId, String songId, int newPosition, OptionalLong expected) {
    return locks.edit(playlistId, callerId, expected, PlaylistAccess::requireEditSongs, (c, playlist) -> {
      int from = positionOf(c, playlistId, songId).orElseThrow(() -> notInPlaylist(songId));
      int to = Positions.moveTarget(newPosition, playlist.totalSongs());
      if (from != to) {
        Positions.Shift between = Positions.forMove(from, to);
        try (PreparedStatement st = c.prepareStatement("UPDATE playlist_songs"
            + " SET position = CASE WHEN song_id = ? THEN ? ELSE position + ? END"
            + " WHERE playlist_id = ? AND (song_id = ? OR position BETWEEN ? AND ?)")) {
          st.setString(1, songId);
          st.setInt(2, to);
          st.setInt(3, between.delta());
          st.setString(4, playlistId);
          st.setString(5, songId);
          st.setInt(6, between.from());
          st.setInt(7, between.to());
          st.executeUpdate();
        }
      }
      return new SongsChanged(playlistId, playlist.totalSongs(), PlaylistLocks.bump(c, playlistId));
    });
  }

  private static void shift(Connection c, String playlistId, Positions.Shift shift) throws SQLException {
    if (shift.isEmpty()) {
      return;
    }
    try (PreparedStatement st = c.prepareStatement(
        "UPDATE playlist_songs SET position = position + ? WHERE playlist_id = ? AND position BETWEEN ? AND ?")) {
      st.setInt(1, shift.delta());
      st.setString(2, playlistId);
      st.setInt(3, shift.from());
      st.setInt(4, shift.to());
      st.executeUpdate();
    }
  }

  private static OptionalInt positionOf(Connection c, String playlistId, String songId) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(
        "SELECT position FROM playlist_songs WHERE playlist_id = ? AND song_id = ?")) {
      st.setString(1, playlistId);
      st.setString(2, songId);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
      }
    }
  }

  private static ApiProblem notInPlaylist(String songId) {
    return new ApiProblem(404, "not-found", "Not found", "song '" + songId + "' is not in this playlist");
  }
}
