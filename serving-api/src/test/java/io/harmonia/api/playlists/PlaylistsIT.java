package io.harmonia.api.playlists;

import static io.harmonia.api.testing.Problems.assertProblem;
import static io.harmonia.api.testing.Playlists.songIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.api.testing.ApiUnderTest;
import io.harmonia.api.testing.ApiUnderTest.Account;
import io.harmonia.api.testing.ApiUnderTest.Response;
import io.harmonia.api.testing.Playlists;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The playlist routes against the real server, PostgreSQL and Redis: shapes, order, versions, cache, listing. */
class PlaylistsIT {

  static ApiUnderTest api;
  static Playlists playlists;

  @BeforeAll
  static void start() {
    api = new ApiUnderTest();
    playlists = new Playlists(api);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void aNewPlaylistHasVersionOneAnETagAndNoSongs() {
    Account owner = api.newAccount("FREE");
    Response created = api.postJson("/api/v1/playlists",
        Map.of("name", "  Morning run ", "is_collaborative", false, "description", "fast ones"), owner.token());

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("ETag")).isEqualTo("\"1\"");
    JsonNode p = created.json();
    assertThat(p.get("playlist_id").asText()).startsWith("p-");
    assertThat(p.get("name").asText()).isEqualTo("Morning run");
    assertThat(p.get("description").asText()).isEqualTo("fast ones");
    assertThat(p.get("owner_id").asText()).isEqualTo(owner.userId());
    assertThat(p.get("is_collaborative").asBoolean()).isFalse();
    assertThat(p.get("version").asLong()).isEqualTo(1);
    assertThat(p.get("songs")).isEmpty();
    assertThat(p.get("collaborators")).isEmpty();

    Response read = playlists.get(owner.token(), p.get("playlist_id").asText());
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.header("ETag")).isEqualTo("\"1\"");
    assertThat(read.json()).isEqualTo(p);
  }

  @Test
  void songsComeInOrderWithTheirMetadataAndEveryWriteBumpsTheVersion() {
    Account owner = api.newAccount("PREMIUM");
    List<String> songs = playlists.songs(4);
    String id = playlists.createId(owner.token(), "Ordered", false);

    Response first = playlists.add(owner.token(), id, songs.get(0), null);
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.json()).isEqualTo(api.json(Map.of("playlist_id", id, "total_songs", 1, "version", 2)));
    assertThat(first.header("ETag")).isEqualTo("\"2\"");
    assertThat(playlists.add(owner.token(), id, songs.get(1), 0).status()).isEqualTo(200);   // [1, 0]
    assertThat(playlists.add(owner.token(), id, songs.get(2), 1).status()).isEqualTo(200);   // [1, 2, 0]
    assertThat(playlists.add(owner.token(), id, songs.get(3), 3).status()).isEqualTo(200);   // [1, 2, 0, 3]

    JsonNode p = playlists.get(owner.token(), id).json();
    assertThat(songIds(p)).containsExactly(songs.get(1), songs.get(2), songs.get(0), songs.get(3));
    assertThat(p.get("version").asLong()).isEqualTo(5);
    assertThat(p.get("total_songs").asInt()).isEqualTo(4);
    JsonNode song = p.get("songs").get(2);
    assertThat(song.get("position").asInt()).isEqualTo(2);
    assertThat(song.get("title").asText()).isEqualTo("Track 1");
    assertThat(song.get("artist").asText()).isEqualTo("Playlist Artist");
    assertThat(song.get("album").asText()).isEqualTo("Playlist Album");
    assertThat(song.get("duration_ms").asInt()).isEqualTo(180_001);
    assertThat(song.get("added_by").asText()).isEqualTo(owner.userId());
    assertThat(Instant.parse(song.get("added_at").asText())).isBefore(Instant.now().plusSeconds(60));

    Response moved = playlists.move(owner.token(), id, songs.get(3), 0);                      // [3, 1, 2, 0]
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    assertThat(moved.json().get("version").asLong()).isEqualTo(6);
    Response removed = playlists.remove(owner.token(), id, songs.get(1));                     // [3, 2, 0]
    assertThat(removed.status()).isEqualTo(204);
    assertThat(removed.header("ETag")).isEqualTo("\"7\"");

    JsonNode after = playlists.get(owner.token(), id).json();
    assertThat(songIds(after)).containsExactly(songs.get(3), songs.get(2), songs.get(0));
    List<Integer> positions = new ArrayList<>();
    after.get("songs").forEach(s -> positions.add(s.get("position").asInt()));
    assertThat(positions).containsExactly(0, 1, 2);
    assertThat(playlists.stored.read(id).songsInOrder()).isEqualTo(songIds(after));
  }

  @Test
  void readsComeFromRedisWhileCurrentAndAWriteDropsTheEntry() {
    Account owner = api.newAccount("FREE");
    String id = playlists.createId(owner.token(), "Cached", false);
    playlists.addAll(owner.token(), id, playlists.songs(2));
    String key = "playlist:" + id;

    JsonNode loaded = playlists.get(owner.token(), id).json();
    assertThat(api.redis.hget(key, "version")).isEqualTo("3");
    assertThat(api.redis.ttl(key)).isBetween(1L, 300L);
    // the cached body is what is served: change the entry (same version) and see it come back
    api.redis.hset(key, "json", loaded.toString().replace("\"Cached\"", "\"From Redis\""));
    assertThat(playlists.get(owner.token(), id).json().get("name").asText()).isEqualTo("From Redis");

    assertThat(playlists.move(owner.token(), id, songIds(loaded).get(1), 0).status()).isEqualTo(200);
    assertThat(api.redis.exists(key)).as("deleted after the write's commit").isFalse();
    JsonNode fresh = playlists.get(owner.token(), id).json();
    assertThat(fresh.get("name").asText()).isEqualTo("Cached");
    assertThat(fresh.get("version").asLong()).isEqualTo(4);
    assertThat(api.redis.hget(key, "version")).isEqualTo("4");
  }

  @Test
  void anEntryOfAnotherVersionIsNeverServed() {
    Account owner = api.newAccount("FREE");
    String id = playlists.createId(owner.token(), "Versioned", false);
    playlists.get(owner.token(), id);
    // as if a write's DEL had not reached Redis, or a slow reader had put an old copy back
    api.redis.hset("playlist:" + id, Map.of("version", "0", "json", "{\"stale\": true}"));

    JsonNode p = playlists.get(owner.token(), id).json();
    assertThat(p.get("name").asText()).isEqualTo("Versioned");
    assertThat(api.redis.hget("playlist:" + id, "version")).isEqualTo("1");
  }

  @Test
  void ifNoneMatchWithTheCurrentETagIs304() {
    Account owner = api.newAccount("FREE");
    String id = playlists.createId(owner.token(), "Conditional", false);
    Response notModified = api.send("GET", "/api/v1/playlists/" + id, null, owner.token(), "If-None-Match", "\"1\"");
    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.header("ETag")).isEqualTo("\"1\"");
    assertThat(api.send("GET", "/api/v1/playlists/" + id, null, owner.token(), "If-None-Match", "\"0\"").status())
        .isEqualTo(200);
  }

  @Test
  void theOwnerRenamesWithTheVersionTheySawAndAStaleOneIs409() {
    Account owner = api.newAccount("FREE");
    String id = playlists.createId(owner.token(), "Old name", false);

    Response renamed = api.send("PATCH", "/api/v1/playlists/" + id,
        Map.of("name", "New name", "description", "now described", "is_collaborative", true), owner.token(),
        "If-Match", "\"1\"");
    assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
    assertThat(renamed.header("ETag")).isEqualTo("\"2\"");
    assertThat(renamed.json().get("name").asText()).isEqualTo("New name");
    assertThat(renamed.json().get("is_collaborative").asBoolean()).isTrue();

    Response stale = api.send("PATCH", "/api/v1/playlists/" + id, Map.of("name", "Lost update", "version", 1),
        owner.token());
    JsonNode problem = assertProblem(stale, 409, "version-conflict", "the playlist is at version 2, not 1");
    assertThat(problem.get("current_version").asLong()).isEqualTo(2);
    assertThat(playlists.stored.read(id).name()).isEqualTo("New name");

    Response cleared = api.send("PATCH", "/api/v1/playlists/" + id, Map.of("description", ""), owner.token());
    assertThat(cleared.json().get("description").isNull()).isTrue();
    assertThat(cleared.json().get("version").asLong()).isEqualTo(3);
  }

  @Test
  void theOwnerDeletesAndThePlaylistIsGoneFromTheDatabaseAndTheCache() {
    Account owner = api.newAccount("FREE");
    String id = playlists.createId(owner.token(), "Short-lived", false);
    playlists.addAll(owner.token(), id, playlists.songs(1));
    playlists.get(owner.token(), id);

    assertThat(api.send("DELETE", "/api/v1/playlists/" + id, null, owner.token(), "If-Match", "\"2\"").status())
        .isEqualTo(204);
    assertProblem(playlists.get(owner.token(), id), 404, "not-found", "no playlist with id '" + id + "'");
    assertThat(playlists.stored.read(id)).isNull();
    assertThat(api.redis.exists("playlist:" + id)).isFalse();
  }

  @Test
  void collaboratorsEditACollaborativePlaylistAndMayLeaveIt() {
    Account owner = api.newAccount("FREE");
    Account friend = api.newAccount("FREE");
    List<String> songs = playlists.songs(2);
    String id = playlists.createId(owner.token(), "Shared", true);

    Response added = playlists.addCollaborator(owner.token(), id, friend.userId());
    assertThat(added.status()).as(added.body()).isEqualTo(200);
    assertThat(added.json().get("collaborators")).containsExactly(api.json(friend.userId()));
    assertThat(added.json().get("version").asLong()).isEqualTo(2);

    assertThat(playlists.add(friend.token(), id, songs.get(0), null).status()).isEqualTo(200);
    JsonNode seenByFriend = playlists.get(friend.token(), id).json();
    assertThat(seenByFriend.at("/songs/0/added_by").asText()).isEqualTo(friend.userId());

    Response left = api.send("DELETE", "/api/v1/playlists/" + id + "/collaborators/" + friend.userId(), null,
        friend.token());
    assertThat(left.status()).isEqualTo(204);
    assertProblem(playlists.get(friend.token(), id), 404, "not-found", "no playlist with id");
    assertThat(playlists.stored.read(id).collaborators()).isEmpty();
  }

  @Test
  void myPlaylistsArePagedNewestFirstWithACursorAndHideWhatICannotRead() {
    Account me = api.newAccount("FREE");
    Account other = api.newAccount("FREE");
    List<String> mine = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      mine.add(playlists.createId(me.token(), "Mine " + i, false));
    }
    String shared = playlists.createId(other.token(), "Shared with me", true);
    String privateOne = playlists.createId(other.token(), "Listed but private", false);
    playlists.addCollaborator(other.token(), shared, me.userId());
    playlists.addCollaborator(other.token(), privateOne, me.userId());

    List<String> seen = new ArrayList<>();
    List<String> roles = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Response page = api.get("/api/v1/me/playlists?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), me.token());
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      assertThat(page.json().get("items").size()).isLessThanOrEqualTo(2);
      page.json().get("items").forEach(item -> {
        seen.add(item.get("playlist_id").asText());
        roles.add(item.get("role").asText());
      });
      cursor = page.json().get("next_cursor").isNull() ? null : page.json().get("next_cursor").asText();
      pages++;
    } while (cursor != null && pages < 10);

    List<String> newestFirst = new ArrayList<>(List.of(shared));
    for (int i = mine.size() - 1; i >= 0; i--) {
      newestFirst.add(mine.get(i));
    }
    assertThat(seen).containsExactlyElementsOf(newestFirst);
    assertThat(roles).containsExactly("collaborator", "owner", "owner", "owner", "owner", "owner");
    assertThat(pages).isEqualTo(3);

    assertProblem(api.get("/api/v1/me/playlists?limit=0", me.token()), 400, "invalid-request", "limit must be");
    assertProblem(api.get("/api/v1/me/playlists?cursor=bogus", me.token()), 400, "invalid-request", "next_cursor");
  }
}
