package io.harmonia.api.playlists;

import static io.harmonia.api.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.api.testing.ApiUnderTest;
import io.harmonia.api.testing.ApiUnderTest.Account;
import io.harmonia.api.testing.ApiUnderTest.Response;
import io.harmonia.api.testing.Playlists;
import io.harmonia.api.testing.StoredPlaylists.Stored;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may do what, and what the API refuses to store: each refusal is shown with its status and
 * problem+json body, and the playlist in PostgreSQL is compared before and after.
 */
class PlaylistRulesIT {

  static ApiUnderTest api;
  static Playlists playlists;
  static Account owner;
  static Account collaborator;
  static Account stranger;
  static List<String> songs;

  @BeforeAll
  static void start() {
    api = new ApiUnderTest();
    playlists = new Playlists(api);
    owner = api.newAccount("PREMIUM");
    collaborator = api.newAccount("FREE");
    stranger = api.newAccount("FREE");
    songs = playlists.songs(4);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  /** A playlist of the owner with two songs and the collaborator listed. */
  private static String playlist(boolean collaborative) {
    String id = playlists.createId(owner.token(), "Rules", collaborative);
    playlists.addAll(owner.token(), id, songs.subList(0, 2));
    assertThat(playlists.addCollaborator(owner.token(), id, collaborator.userId()).status()).isEqualTo(200);
    return id;
  }

  /** Sends the request, asserts the problem, and that the stored playlist is exactly as before. */
  private static JsonNode refused(String playlistId, Supplier<Response> request, int status, String type, String detail) {
    Stored before = playlists.stored.read(playlistId);
    JsonNode problem = assertProblem(request.get(), status, type, detail);
    assertThat(playlists.stored.read(playlistId)).isEqualTo(before);
    return problem;
  }

  @Test
  void aPrivatePlaylistDoesNotExistForAStrangerWhateverTheyTry() {
    String id = playlist(false);
    String unknown = "p-doesnotexist0000";
    JsonNode asUnknown = assertProblem(playlists.get(stranger.token(), unknown), 404, "not-found", "no playlist with id");

    JsonNode asStranger = refused(id, () -> playlists.get(stranger.token(), id), 404, "not-found",
        "no playlist with id '" + id + "'");
    assertThat(asStranger.get("detail").asText()).isEqualTo(asUnknown.get("detail").asText().replace(unknown, id));
    refused(id, () -> playlists.add(stranger.token(), id, songs.get(2), null), 404, "not-found", "no playlist with id");
    refused(id, () -> playlists.move(stranger.token(), id, songs.get(0), 1), 404, "not-found", "no playlist with id");
    refused(id, () -> playlists.remove(stranger.token(), id, songs.get(0)), 404, "not-found", "no playlist with id");
    refused(id, () -> api.send("PATCH", "/api/v1/playlists/" + id, Map.of("name", "Mine now"), stranger.token()),
        404, "not-found", "no playlist with id");
    refused(id, () -> api.send("DELETE", "/api/v1/playlists/" + id, null, stranger.token()), 404, "not-found",
        "no playlist with id");
    refused(id, () -> playlists.addCollaborator(stranger.token(), id, stranger.userId()), 404, "not-found",
        "no playlist with id");
  }

  @Test
  void aListedCollaboratorCannotSeeThePlaylistWhileItIsNotCollaborative() {
    String id = playlist(false);
    refused(id, () -> playlists.get(collaborator.token(), id), 404, "not-found", "no playlist with id");
    refused(id, () -> playlists.add(collaborator.token(), id, songs.get(2), null), 404, "not-found", "no playlist with id");
  }

  @Test
  void aCollaboratorEditsSongsButNotTheOwnersSettings() {
    String id = playlist(true);
    refused(id, () -> api.send("PATCH", "/api/v1/playlists/" + id, Map.of("name", "Renamed"), collaborator.token()),
        403, "forbidden", "only the playlist's owner can rename it");
    refused(id, () -> api.send("DELETE", "/api/v1/playlists/" + id, null, collaborator.token()), 403, "forbidden",
        "only the playlist's owner can delete it");
    refused(id, () -> playlists.addCollaborator(collaborator.token(), id, stranger.userId()), 403, "forbidden",
        "only the playlist's owner can add collaborators");
    refused(id, () -> api.send("DELETE", "/api/v1/playlists/" + id + "/collaborators/" + owner.userId(), null,
        collaborator.token()), 403, "forbidden", "only the playlist's owner can remove other collaborators");
    assertThat(playlists.add(collaborator.token(), id, songs.get(2), null).status()).isEqualTo(200);
  }

  @Test
  void malformedOrOutOfRangeInputIsA400AndStoresNothing() {
    String id = playlist(true);
    String path = "/api/v1/playlists/" + id + "/songs";
    refused(id, () -> api.send("PATCH", "/api/v1/playlists/" + id, Map.of("name", "x".repeat(101)), owner.token()),
        400, "invalid-request", "name must be 1 to 100 characters");
    refused(id, () -> api.send("PATCH", "/api/v1/playlists/" + id, Map.of("name", " "), owner.token()),
        400, "invalid-request", "name must be 1 to 100 characters");
    refused(id, () -> api.send("PATCH", "/api/v1/playlists/" + id, Map.of("is_collaborative", "yes"), owner.token()),
        400, "invalid-request", "field 'is_collaborative' must be true or false");
    refused(id, () -> playlists.add(owner.token(), id, songs.get(2), 3), 400, "invalid-request",
        "position 3 is beyond the end of the playlist: it has 2 songs");
    refused(id, () -> playlists.add(owner.token(), id, songs.get(2), -1), 400, "invalid-request",
        "position must be 0 or more");
    refused(id, () -> api.send("POST", path, "{\"song_id\": \"" + songs.get(2) + "\", \"position\": 1.5}", owner.token()),
        400, "invalid-request", "field 'position' must be a number");
    refused(id, () -> api.send("POST", path, "{\"song_id\": \"" + songs.get(2) + "\", \"postion\": 1}", owner.token()),
        400, "invalid-request", "unknown field 'postion'");
    refused(id, () -> api.send("POST", path, "{\"song_id\": ", owner.token()), 400, "invalid-request", "malformed JSON");
    refused(id, () -> playlists.add(owner.token(), id, "not an id!", null), 400, "invalid-request", "is not an id");
    refused(id, () -> playlists.add(owner.token(), id, songs.get(2), null, "If-Match", "7"), 400, "invalid-request",
        "If-Match must be one strong entity tag");
    refused(id, () -> playlists.move(owner.token(), id, songs.get(0), 2), 400, "invalid-request",
        "new_position 2 is out of range");
    refused(id, () -> api.send("POST", "/api/v1/playlists/" + id + "/collaborators", Map.of("user_id", owner.userId()),
        owner.token()), 400, "invalid-request", "collaborators are other users");
    assertProblem(api.postJson("/api/v1/playlists", Map.of("name", "No flag"), owner.token()), 400, "invalid-request",
        "is_collaborative is required");
  }

  @Test
  void unknownSongsUsersAndMissingEntriesAre404() {
    String id = playlist(true);
    refused(id, () -> playlists.add(owner.token(), id, "s-not-in-the-catalog", null), 404, "not-found",
        "no song with id 's-not-in-the-catalog'");
    refused(id, () -> playlists.remove(owner.token(), id, songs.get(3)), 404, "not-found",
        "song '" + songs.get(3) + "' is not in this playlist");
    refused(id, () -> playlists.move(owner.token(), id, songs.get(3), 0), 404, "not-found", "is not in this playlist");
    refused(id, () -> playlists.addCollaborator(owner.token(), id, "u-nobody"), 404, "not-found",
        "no user with id 'u-nobody'");
  }

  @Test
  void aSongIsInAPlaylistOnceAndAStaleVersionIsAConflictWithTheCurrentOne() {
    String id = playlist(true);
    JsonNode duplicate = refused(id, () -> playlists.add(owner.token(), id, songs.get(1), null), 409,
        "song-already-in-playlist", "already in this playlist, at position 1");
    assertThat(duplicate.has("current_version")).isFalse();

    long current = playlists.stored.read(id).version();
    JsonNode conflict = refused(id, () -> playlists.add(collaborator.token(), id, songs.get(2), null,
        "If-Match", "\"" + (current - 1) + "\""), 409, "version-conflict", "fetch it again");
    assertThat(conflict.get("current_version").asLong()).isEqualTo(current);
    refused(id, () -> playlists.remove(owner.token(), id, songs.get(0), "If-Match", "\"1\""), 409, "version-conflict",
        "not 1");
    refused(id, () -> api.send("PUT", "/api/v1/playlists/" + id + "/songs/reorder",
        Map.of("song_id", songs.get(0), "new_position", 1, "version", 1), owner.token()), 409, "version-conflict", "not 1");

    Response withCurrent = playlists.add(collaborator.token(), id, songs.get(2), null, "If-Match", "\"" + current + "\"");
    assertThat(withCurrent.status()).as(withCurrent.body()).isEqualTo(200);
    assertThat(withCurrent.json().get("version").asLong()).isEqualTo(current + 1);
  }
}
