package io.harmonia.api.playlists;

import io.harmonia.api.http.ApiProblem;

/**
 * Who may do what with a playlist. A playlist that is not collaborative is private: its owner
 * alone reads and edits it. A collaborative one is read and edited (its songs) by its owner and
 * its collaborators. Only the owner renames it, changes its flag, manages collaborators and
 * deletes it; a collaborator may leave. Anyone else is told the playlist does not exist (404, not
 * 403), so that playlist ids reveal nothing; a reader refused an owner's action gets a 403.
 */
record PlaylistAccess(String playlistId, String callerId, String ownerId, boolean collaborative,
    boolean callerCollaborates) {

  boolean isOwner() {
    return callerId.equals(ownerId);
  }

  boolean canRead() {
    return isOwner() || collaborative && callerCollaborates;
  }

  /** Reading, or a 404 that says nothing more than an unknown id would. */
  void requireRead() {
    if (!canRead()) {
      throw ApiProblem.notFound("playlist", playlistId);
    }
  }

  /** Adding, removing and moving songs: whoever may read it. */
  void requireEditSongs() {
    requireRead();
  }

  void requireOwner(String action) {
    requireRead();
    if (!isOwner()) {
      throw new ApiProblem(403, "forbidden", "Forbidden", "only the playlist's owner can " + action);
    }
  }

  /** Removing a collaborator: the owner, or the collaborator themselves (leaving). */
  void requireRemoveCollaborator(String userId) {
    if (callerCollaborates && callerId.equals(userId) && !isOwner()) {
      return;
    }
    requireOwner("remove other collaborators");
  }
}
