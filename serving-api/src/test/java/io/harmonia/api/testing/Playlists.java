package io.harmonia.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.api.testing.ApiUnderTest.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Playlist calls and catalog songs for the playlist tests. */
public final class Playlists {

  private final ApiUnderTest api;
  public final StoredPlaylists stored;

  public Playlists(ApiUnderTest api) {
    this.api = api;
    this.stored = new StoredPlaylists(api.db);
  }

  /** {@code count} new catalog songs by one new artist, on one album. */
  public List<String> songs(int count) {
    String artist = api.catalog.artist("Playlist Artist");
    String album = api.catalog.album(artist, "Playlist Album", 2024);
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      ids.add(api.catalog.song(artist, album, "Track " + i, i, 180_000 + i, 128, 320));
    }
    return ids;
  }

  public JsonNode create(String token, String name, boolean collaborative) {
    Response r = api.postJson("/api/v1/playlists", Map.of("name", name, "is_collaborative", collaborative), token);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  public String createId(String token, String name, boolean collaborative) {
    return create(token, name, collaborative).get("playlist_id").asText();
  }

  public Response add(String token, String playlistId, String songId, Integer position, String... headers) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("song_id", songId);
    if (position != null) {
      body.put("position", position);
    }
    return api.send("POST", "/api/v1/playlists/" + playlistId + "/songs", body, token, headers);
  }

  public void addAll(String token, String playlistId, List<String> songIds) {
    for (String songId : songIds) {
      Response r = add(token, playlistId, songId, null);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
    }
  }

  public Response get(String token, String playlistId) {
    return api.get("/api/v1/playlists/" + playlistId, token);
  }

  public Response addCollaborator(String ownerToken, String playlistId, String userId) {
    return api.postJson("/api/v1/playlists/" + playlistId + "/collaborators", Map.of("user_id", userId), ownerToken);
  }

  public Response move(String token, String playlistId, String songId, int newPosition, String... headers) {
    return api.send("PUT", "/api/v1/playlists/" + playlistId + "/songs/reorder",
        Map.of("song_id", songId, "new_position", newPosition), token, headers);
  }

  public Response remove(String token, String playlistId, String songId, String... headers) {
    return api.send("DELETE", "/api/v1/playlists/" + playlistId + "/songs/" + songId, null, token, headers);
  }

  /** The song ids of a playlist response, in the order given. */
  public static List<String> songIds(JsonNode playlist) {
    List<String> ids = new ArrayList<>();
    playlist.get("songs").forEach(s -> ids.add(s.get("song_id").asText()));
    return ids;
  }
}
