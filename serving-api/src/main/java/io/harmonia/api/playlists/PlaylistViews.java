package io.harmonia.api.playlists;

import java.time.Instant;
import java.util.List;

/** What the playlist routes answer (snake_case on the wire), as the design names the fields. */
final class PlaylistViews {

  private PlaylistViews() {}

  /** A playlist with its songs in order; also the JSON cached under {@code playlist:{id}}. */
  record Playlist(String playlistId, String name, String description, String ownerId, boolean isCollaborative,
      long version, List<String> collaborators, int totalSongs, List<PlaylistSong> songs, Instant createdAt,
      Instant updatedAt) {}

  /** A song in a playlist: where it is, its display metadata, and who added it when. */
  record PlaylistSong(String songId, int position, String title, String artist, String album, int durationMs,
      String addedBy, Instant addedAt) {}

  /** The answer to a change of a playlist's songs. */
  record SongsChanged(String playlistId, int totalSongs, long version) {}

  /** The answer to a change of its collaborators. */
  record CollaboratorsChanged(String playlistId, List<String> collaborators, long version) {}

  /** One entry of {@code GET /me/playlists}: no songs, and the caller's role in it. */
  record PlaylistSummary(String playlistId, String name, String description, String ownerId, boolean isCollaborative,
      long version, int totalSongs, String role, Instant createdAt, Instant updatedAt) {}

  record PlaylistPage(List<PlaylistSummary> items, String nextCursor) {}
}
