package io.harmonia.api.playlists;

import io.harmonia.api.http.ApiProblem;
import io.harmonia.api.http.Ids;
import java.util.ArrayList;
import java.util.List;

/**
 * The bodies of the playlist writes, and the rules each must meet before anything reaches the
 * database. Each {@code validated()} returns clean values or throws one 400 listing every problem.
 * {@code version} is the optional version the client's edit was based on (see {@link EntityTags}).
 */
final class PlaylistRequests {

  static final int MAX_NAME = 100;
  static final int MAX_DESCRIPTION = 1000;

  private PlaylistRequests() {}

  record NewPlaylist(String name, Boolean isCollaborative, String description) {
    NewPlaylist validated() {
      List<String> problems = new ArrayList<>();
      String cleanName = cleanName(name, problems, true);
      if (isCollaborative == null) {
        problems.add("is_collaborative is required (true or false)");
      }
      String cleanDescription = cleanDescription(description, problems);
      fail(problems);
      return new NewPlaylist(cleanName, isCollaborative, cleanDescription);
    }
  }

  /** Only the fields present change; an empty description clears it. */
  record PlaylistChanges(String name, String description, Boolean isCollaborative, Long version) {
    PlaylistChanges validated() {
      List<String> problems = new ArrayList<>();
      if (name == null && description == null && isCollaborative == null) {
        problems.add("nothing to change: send name, description or is_collaborative");
      }
      String cleanName = cleanName(name, problems, false);
      String cleanDescription = cleanDescription(description, problems);
      fail(problems);
      return new PlaylistChanges(cleanName, cleanDescription, isCollaborative, version);
    }

    boolean clearsDescription() {
      return description != null && description.isEmpty();
    }
  }

  record AddSong(String songId, Integer position, Long version) {
    AddSong validated() {
      Ids.require(songId, "song_id");
      if (position != null && position < 0) {
        throw ApiProblem.badRequest("position must be 0 or more (or left out to append), got " + position);
      }
      return this;
    }

    /** What makes two adds the same request, for the idempotency key: not the version it expects. */
    Object identity() {
      record Identity(String songId, Integer position) {}
      return new Identity(songId, position);
    }
  }

  record MoveSong(String songId, Integer newPosition, Long version) {
    MoveSong validated() {
      Ids.require(songId, "song_id");
      if (newPosition == null) {
        throw ApiProblem.badRequest("new_position is required");
      }
      if (newPosition < 0) {
        throw ApiProblem.badRequest("new_position must be 0 or more, got " + newPosition);
      }
      return this;
    }
  }

  record NewCollaborator(String userId, Long version) {
    NewCollaborator validated() {
      Ids.require(userId, "user_id");
      return this;
    }
  }

  /** Trimmed, 1 to 100 characters, no control characters; null when absent and not required. */
  static String cleanName(String name, List<String> problems, boolean required) {
    if (name == null) {
      if (required) {
        problems.add("name is required");
      }
      return null;
    }
    String clean = name.strip();
    int length = clean.codePointCount(0, clean.length());
    if (length < 1 || length > MAX_NAME || clean.codePoints().anyMatch(Character::isISOControl)) {
      problems.add("name must be 1 to " + MAX_NAME + " characters (not only spaces), without control characters");
    }
    return clean;
  }

  /** Up to 1000 characters; line breaks and tabs are fine, other control characters are not. */
  static String cleanDescription(String description, List<String> problems) {
    if (description == null) {
      return null;
    }
    String clean = description.strip();
    if (clean.codePointCount(0, clean.length()) > MAX_DESCRIPTION
        || clean.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r')) {
      problems.add("description must be at most " + MAX_DESCRIPTION + " characters, without control characters other than line breaks and tabs");
    }
    return clean;
  }

  private static void fail(List<String> problems) {
    if (!problems.isEmpty()) {
      throw ApiProblem.badRequest(String.join("; ", problems));
    }
  }
}
