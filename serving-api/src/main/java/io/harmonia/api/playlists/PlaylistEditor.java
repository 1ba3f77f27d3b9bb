package io.harmonia.api.playlists;

import io.harmonia.api.http.ApiProblem;
import io.harmonia.api.http.Json;
import io.harmonia.api.playlists.IdempotencyKeys.Answer;
import io.harmonia.api.playlists.IdempotencyKeys.KeyTaken;
import io.harmonia.api.playlists.IdempotencyKeys.KeyedRequest;
import io.harmonia.api.playlists.PlaylistRequests.NewPlaylist;
import io.harmonia.api.playlists.PlaylistRequests.PlaylistChanges;
import io.harmonia.api.playlists.PlaylistViews.CollaboratorsChanged;
import io.harmonia.api.playlists.PlaylistViews.Playlist;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/** Creating, changing and deleting playlists, and their collaborators (the owner's business). */
final class PlaylistEditor {

  private static final String FOREIGN_KEY_VIOLATION = "23503";

  private final DataSource db;
  private final PlaylistLocks locks;
  private final IdempotencyKeys keys;
  private final SecureRandom random = new SecureRandom();

  PlaylistEditor(DataSource db, PlaylistLocks locks, IdempotencyKeys keys) {
    this.db = db;
    this.locks = locks;
    this.keys = keys;
  }

  /** A new playlist (201); with a key, a retry gets the playlist the first attempt created. */
  Answer create(String ownerId, NewPlaylist request, Optional<KeyedRequest> keyed) {
    try {
      return createOnce(ownerId, request, keyed);
    } catch (KeyTaken raced) {
      return createOnce(ownerId, request, keyed);
    }
  }

  private Answer createOnce(String ownerId, NewPlaylist request, Optional<KeyedRequest> keyed) {
    return Transactions.inTransaction(db, c -> {
      if (keyed.isPresent()) {
        Optional<Answer> first = keys.recall(c, keyed.get());
        if (first.isPresent()) {
          return first.get();
        }
      }
      Answer created = Answer.fresh(201, Json.write(insert(c, newPlaylistId(), ownerId, request)));
      if (keyed.isPresent()) {
        keys.remember(c, keyed.get(), created);
      }
      return created;
    });
  }

  private static Playlist insert(Connection c, String playlistId, String ownerId, NewPlaylist request) throws SQLException {
    String sql = "INSERT INTO playlists (playlist_id, owner_id, name, description, is_collaborative) VALUES (?, ?, ?, ?, ?)";
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, playlistId);
      st.setString(2, ownerId);
      st.setString(3, request.name());
      st.setString(4, request.description() == null || request.description().isEmpty() ? null : request.description());
      st.setBoolean(5, request.isCollaborative());
      st.executeUpdate();
    }
    return current(c, playlistId, ownerId);
  }

  /** Renames it, changes its description or flag (the owner only); answers the playlist as it is now. */
  Playlist update(String playlistId, String callerId, PlaylistChanges changes, OptionalLong expected) {
    return locks.edit(playlistId, callerId, expected, access -> access.requireOwner("rename it or change its settings"),
        (c, playlist) -> {
          String sql = "UPDATE playlists SET name = coalesce(?, name),"
              + " description = CASE WHEN ? THEN NULL ELSE coalesce(?, description) END,"
              + " is_collaborative = coalesce(?, is_collaborative), version = version + 1, updated_at = now()"
              + " WHERE playlist_id = ?";
          try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, changes.name());
            st.setBoolean(2, changes.clearsDescription());
            st.setString(3, changes.description());
            if (changes.isCollaborative() == null) {
              st.setNull(4, Types.BOOLEAN);
            } else {
              st.setBoolean(4, changes.isCollaborative());
            }
            st.setString(5, playlistId);
            st.executeUpdate();
          }
          return current(c, playlistId, callerId);
        });
  }

  void delete(String playlistId, String callerId, OptionalLong expected) {
    locks.edit(playlistId, callerId, expected, access -> access.requireOwner("delete it"), (c, playlist) -> {
      try (PreparedStatement st = c.prepareStatement("DELETE FROM playlists WHERE playlist_id = ?")) {
        st.setString(1, playlistId);
        return st.executeUpdate();
      }
    });
  }

  /** Adding someone already on it succeeds and counts as a write, like every accepted write. */
  CollaboratorsChanged addCollaborator(String playlistId, String callerId, String userId, OptionalLong expected) {
    return locks.edit(playlistId, callerId, expected, access -> access.requireOwner("add collaborators"),
        (c, playlist) -> {
          if (userId.equals(playlist.access().ownerId())) {
            throw ApiProblem.badRequest("the owner edits the playlist already; collaborators are other users");
          }
          String sql = "INSERT INTO playlist_collaborators (playlist_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
          try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, playlistId);
            st.setString(2, userId);
            st.executeUpdate();
          } catch (SQLException e) {
            if (FOREIGN_KEY_VIOLATION.equals(e.getSQLState())) {
              throw ApiProblem.notFound("user", userId);
            }
            throw e;
          }
          return collaboratorsChanged(c, playlistId);
        });
  }

  /** The owner removes anyone; a collaborator may remove themselves. */
  CollaboratorsChanged removeCollaborator(String playlistId, String callerId, String userId, OptionalLong expected) {
    return locks.edit(playlistId, callerId, expected, access -> access.requireRemoveCollaborator(userId),
        (c, playlist) -> {
          try (PreparedStatement st = c.prepareStatement(
              "DELETE FROM playlist_collaborators WHERE playlist_id = ? AND user_id = ?")) {
            st.setString(1, playlistId);
            st.setString(2, userId);
            if (st.executeUpdate() == 0) {
              throw new ApiProblem(404, "not-found", "Not found", "user '" + userId + "' is not a collaborator of this playlist");
            }
          }
          return collaboratorsChanged(c, playlistId);
        });
  }

  private static CollaboratorsChanged collaboratorsChanged(Connection c, String playlistId) throws SQLException {
    long version = PlaylistLocks.bump(c, playlistId);
    List<String> collaborators = PlaylistReader.collaborators(c, playlistId);
    return new CollaboratorsChanged(playlistId, collaborators, version);
  }

  private static Playlist current(Connection c, String playlistId, String callerId) throws SQLException {
    return PlaylistReader.load(c, PlaylistReader.row(c, playlistId, callerId).orElseThrow());
  }

  /** {@code p-} and 96 random bits, URL-safe: opaque and unguessable. */
  private String newPlaylistId() {
    byte[] bytes = new byte[12];
    random.nextBytes(bytes);
    return "p-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
