package io.harmonia.api.playlists;

import static io.harmonia.api.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.api.testing.ApiUnderTest;
import io.harmonia.api.testing.ApiUnderTest.Account;
import io.harmonia.api.testing.ApiUnderTest.Response;
import io.harmonia.api.testing.Playlists;
import io.harmonia.api.testing.StoredPlaylists.Stored;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** X-Idempotency-Key on adds (and creates): retries add nothing and get the first answer. */
class IdempotentAddIT {

  static final String KEY = "X-Idempotency-Key";
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
  void tenConcurrentRetriesOfOneAddAddTheSongOnceAndAllGetTheSameAnswer() throws Exception {
    Account owner = api.newAccount("FREE");
    List<String> songs = playlists.songs(3);
    String id = playlists.createId(owner.token(), "Retried", false);
    playlists.addAll(owner.token(), id, songs.subList(0, 2));
    String key = UUID.randomUUID().toString();

    List<Response> answers = concurrently(10, () -> playlists.add(owner.token(), id, songs.get(2), 1, KEY, key));

    JsonNode first = answers.get(0).json();
    assertThat(first).isEqualTo(api.json(Map.of("playlist_id", id, "total_songs", 3, "version", 4)));
    for (Response answer : answers) {
      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
      assertThat(answer.json()).isEqualTo(first);
      assertThat(answer.header("ETag")).isEqualTo("\"4\"");
    }
    assertThat(answers).filteredOn(r -> "true".equals(r.header("Idempotent-Replayed"))).hasSize(9);
    Stored stored = playlists.stored.read(id);
    assertThat(stored.songsInOrder()).containsExactly(songs.get(0), songs.get(2), songs.get(1));
    assertThat(stored.version()).isEqualTo(4);
    assertThat(playlists.stored.idempotencyKeys(owner.userId(), key)).isEqualTo(1);
  }

  @Test
  void theSameKeyForAnotherRequestIs422AndChangesNothing() {
    Account owner = api.newAccount("FREE");
    List<String> songs = playlists.songs(2);
    String id = playlists.createId(owner.token(), "Reused key", false);
    String key = UUID.randomUUID().toString();
    assertThat(playlists.add(owner.token(), id, songs.get(0), null, KEY, key).status()).isEqualTo(200);
    Stored before = playlists.stored.read(id);

    assertProblem(playlists.add(owner.token(), id, songs.get(1), null, KEY, key), 422, "idempotency-key-reused",
        "already used for a different request");
    assertProblem(playlists.add(owner.token(), id, songs.get(0), 0, KEY, key), 422, "idempotency-key-reused",
        "use a new key");
    String other = playlists.createId(owner.token(), "Other playlist", false);
    assertProblem(playlists.add(owner.token(), other, songs.get(0), null, KEY, key), 422, "idempotency-key-reused",
        "different request");
    assertThat(playlists.stored.read(id)).isEqualTo(before);
    assertThat(playlists.stored.read(other).songsInOrder()).isEmpty();
  }

  @Test
  void keysAreScopedPerUser() {
    Account owner = api.newAccount("FREE");
    Account friend = api.newAccount("FREE");
    List<String> songs = playlists.songs(2);
    String id = playlists.createId(owner.token(), "Two users, one key", true);
    playlists.addCollaborator(owner.token(), id, friend.userId());
    String key = UUID.randomUUID().toString();

    Response mine = playlists.add(owner.token(), id, songs.get(0), null, KEY, key);
    Response theirs = playlists.add(friend.token(), id, songs.get(1), null, KEY, key);

    assertThat(mine.status()).isEqualTo(200);
    assertThat(theirs.status()).as(theirs.body()).isEqualTo(200);
    assertThat(theirs.header("Idempotent-Replayed")).isNull();
    assertThat(playlists.stored.read(id).songsInOrder()).containsExactly(songs.get(0), songs.get(1));
  }

  @Test
  void aRefusalTheTransactionDecidedIsKeptUnderTheKey() {
    Account owner = api.newAccount("FREE");
    List<String> songs = playlists.songs(3);
    String id = playlists.createId(owner.token(), "Kept refusal", false);
    String key = UUID.randomUUID().toString();

    JsonNode refusal = assertProblem(playlists.add(owner.token(), id, songs.get(0), 2, KEY, key), 400, "invalid-request",
        "position 2 is beyond the end");
    playlists.addAll(owner.token(), id, songs.subList(1, 3));
    Stored before = playlists.stored.read(id);

    Response retry = playlists.add(owner.token(), id, songs.get(0), 2, KEY, key);
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(assertProblem(retry, 400, "invalid-request", "beyond the end")).isEqualTo(refusal);
    assertThat(playlists.stored.read(id)).isEqualTo(before);
  }

  @Test
  void aVersionConflictIsNotKeptSoTheClientRetriesWithTheSameKeyAndTheCurrentVersion() {
    Account owner = api.newAccount("FREE");
    List<String> songs = playlists.songs(2);
    String id = playlists.createId(owner.token(), "Conflict then retry", false);
    playlists.addAll(owner.token(), id, songs.subList(0, 1));
    String key = UUID.randomUUID().toString();

    JsonNode conflict = assertProblem(playlists.add(owner.token(), id, songs.get(1), null, KEY, key, "If-Match", "\"1\""),
        409, "version-conflict", "not 1");
    Response retried = playlists.add(owner.token(), id, songs.get(1), null, KEY, key,
        "If-Match", "\"" + conflict.get("current_version").asLong() + "\"");

    assertThat(retried.status()).as(retried.body()).isEqualTo(200);
    assertThat(retried.header("Idempotent-Replayed")).isNull();
    assertThat(playlists.stored.read(id).songsInOrder()).containsExactly(songs.get(0), songs.get(1));
  }

  @Test
  void aRetriedCreateGivesTheSamePlaylist() throws Exception {
    Account owner = api.newAccount("FREE");
    String key = UUID.randomUUID().toString();
    Map<String, Object> body = Map.of("name", "Created once", "is_collaborative", false);

    List<Response> answers = concurrently(4, () -> api.send("POST", "/api/v1/playlists", body, owner.token(), KEY, key));

    JsonNode first = answers.get(0).json();
    assertThat(answers).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(201);
      assertThat(r.json()).isEqualTo(first);
    });
    JsonNode page = api.get("/api/v1/me/playlists", owner.token()).json();
    assertThat(page.get("items")).hasSize(1);
    assertThat(page.at("/items/0/playlist_id").asText()).isEqualTo(first.get("playlist_id").asText());
  }

  @Test
  void keysOlderThanTheRetentionAreForgotten() {
    Account owner = api.newAccount("FREE");
    String old = "old-" + UUID.randomUUID();
    String recent = "recent-" + UUID.randomUUID();
    api.catalog.update("INSERT INTO idempotency_keys (user_id, idempotency_key, request_hash, response_status,"
        + " response_body, created_at) VALUES (?, ?, 'h', 200, '{}', now() - interval '25 hours')", owner.userId(), old);
    api.catalog.update("INSERT INTO idempotency_keys (user_id, idempotency_key, request_hash, response_status,"
        + " response_body) VALUES (?, ?, 'h', 200, '{}')", owner.userId(), recent);

    assertThat(new IdempotencyKeys(api.db).forgetOlderThan(Duration.ofHours(24))).isPositive();

    assertThat(playlists.stored.idempotencyKeys(owner.userId(), old)).isZero();
    assertThat(playlists.stored.idempotencyKeys(owner.userId(), recent)).isEqualTo(1);
  }

  /** {@code n} calls released at once, in their own threads. */
  private static List<Response> concurrently(int n, Callable<Response> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Response>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          return call.call();
        }));
      }
      start.countDown();
      List<Response> responses = new ArrayList<>();
      for (Future<Response> f : futures) {
        responses.add(f.get());
      }
      return responses;
    } finally {
      pool.shutdownNow();
    }
  }
}
