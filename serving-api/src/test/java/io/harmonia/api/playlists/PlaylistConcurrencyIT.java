package io.harmonia.api.playlists;

import static io.harmonia.api.testing.Playlists.songIds;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.api.testing.ApiUnderTest;
import io.harmonia.api.testing.ApiUnderTest.Account;
import io.harmonia.api.testing.ApiUnderTest.Response;
import io.harmonia.api.testing.Playlists;
import io.harmonia.api.testing.StoredPlaylists.Stored;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Eight clients (the owner and seven collaborators) each make 50 mixed edits (add, remove,
 * reorder) to one collaborative playlist at the same time, against the real server. Most edits
 * name the version they were based on and are retried after re-reading on a 409; some name none
 * and are applied to whatever the playlist is by then (or refused when that no longer fits).
 *
 * <p>Every accepted write answers the version it produced, so the accepted writes can be replayed
 * in version order on a plain list: the playlist must end up exactly as that replay says, with
 * positions 0..n-1, and at version 1 + the number of accepted writes. A lost update, a write
 * applied to a stale list, or two writes given one version would each break that.
 */
class PlaylistConcurrencyIT {

  static final int CLIENTS = 8;
  static final int EDITS_PER_CLIENT = 50;
  static final int SONG_POOL = 40;

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

  /** An accepted write: what it did and the version it produced. */
  record Accepted(String op, String songId, Integer position, long version) {}

  static final class Tally {
    final ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
    final AtomicInteger versionConflicts = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
  }

  @Test
  void eightClientsEditingOnePlaylistLoseNothing() throws Exception {
    List<String> pool = playlists.songs(SONG_POOL);
    Account owner = api.newAccount("PREMIUM");
    List<Account> clients = new ArrayList<>(List.of(owner));
    String id = playlists.createId(owner.token(), "Party", true);
    Tally tally = new Tally();
    for (int i = 1; i < CLIENTS; i++) {
      Account friend = api.newAccount("FREE");
      Response added = playlists.addCollaborator(owner.token(), id, friend.userId());
      assertThat(added.status()).isEqualTo(200);
      tally.accepted.add(new Accepted("collaborator", null, null, added.json().get("version").asLong()));
      clients.add(friend);
    }

    ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      Account client = clients.get(c);
      Random random = new Random(1000 + c);
      running.add(threads.submit(() -> {
        go.await();
        for (int edit = 0; edit < EDITS_PER_CLIENT; edit++) {
          editUntilAnswered(client, id, pool, random, tally);
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : running) {
      f.get();
    }
    threads.shutdown();

    List<Accepted> inVersionOrder = tally.accepted.stream().sorted(Comparator.comparingLong(Accepted::version)).toList();
    assertThat(inVersionOrder).extracting(Accepted::version)
        .as("each accepted write produced its own version, with none skipped")
        .containsExactlyElementsOf(IntStream.rangeClosed(2, inVersionOrder.size() + 1).mapToObj(v -> (long) v).toList());
    List<String> replayed = replay(inVersionOrder);

    Stored stored = playlists.stored.read(id);
    JsonNode served = playlists.get(owner.token(), id).json();
    System.out.printf("concurrency: %d clients x %d edits: %d accepted writes (%d of them edits), %d version conflicts"
            + " retried, %d refused (stale without a version), final version %d, %d songs%n",
        CLIENTS, EDITS_PER_CLIENT, inVersionOrder.size(), inVersionOrder.size() - (CLIENTS - 1),
        tally.versionConflicts.get(), tally.refused.get(), stored.version(), stored.songsInOrder().size());

    assertThat(stored.version()).isEqualTo(inVersionOrder.size() + 1);
    assertThat(stored.songsInOrder()).isEqualTo(replayed);
    assertThat(stored.positions()).isEqualTo(IntStream.range(0, replayed.size()).boxed().toList());
    assertThat(songIds(served)).isEqualTo(replayed);
    assertThat(served.get("version").asLong()).isEqualTo(stored.version());
    assertThat(tally.accepted.stream().filter(a -> !a.op().equals("collaborator")).count())
        .as("every edit was answered").isEqualTo(CLIENTS * EDITS_PER_CLIENT - tally.refused.get());
  }

  /**
   * One edit: read, choose, write. Four edits in five name the version they were based on and
   * are retried from a fresh read on a 409; the fifth names none.
   */
  private static void editUntilAnswered(Account client, String id, List<String> pool, Random random, Tally tally) {
    boolean withVersion = random.nextInt(5) != 0;
    for (int attempt = 1; attempt <= 500; attempt++) {
      JsonNode current = playlists.get(client.token(), id).json();
      List<String> songs = songIds(current);
      String ifMatch = "\"" + current.get("version").asLong() + "\"";
      String[] headers = withVersion ? new String[] {"If-Match", ifMatch} : new String[0];
      Accepted planned = plan(songs, pool, random);
      Response r = switch (planned.op()) {
        case "add" -> playlists.add(client.token(), id, planned.songId(), planned.position(), headers);
        case "remove" -> playlists.remove(client.token(), id, planned.songId(), headers);
        default -> playlists.move(client.token(), id, planned.songId(), planned.position(), headers);
      };
      if (r.status() == 409 && r.json().get("type").asText().endsWith(":version-conflict")) {
        tally.versionConflicts.incrementAndGet();
        continue;
      }
      if (r.status() == 200 || r.status() == 204) {
        long version = r.status() == 204 ? Long.parseLong(r.header("ETag").replace("\"", ""))
            : r.json().get("version").asLong();
        tally.accepted.add(new Accepted(planned.op(), planned.songId(), planned.position(), version));
        return;
      }
      // only an edit without a version may find the playlist changed under it
      assertThat(withVersion).as("refused with a version: " + r.body()).isFalse();
      assertThat(r.status()).as(r.body()).isIn(400, 404, 409);
      tally.refused.incrementAndGet();
      return;
    }
    throw new AssertionError("an edit was still conflicting after 500 attempts");
  }

  /** Keeps the playlist between 5 and 30 songs; positions anywhere, appends without one. */
  private static Accepted plan(List<String> songs, List<String> pool, Random random) {
    int n = songs.size();
    int choice = n < 5 ? 0 : n > 30 ? 1 + random.nextInt(2) : random.nextInt(10) < 4 ? 0 : 1 + random.nextInt(2);
    if (choice == 0) {
      List<String> absent = pool.stream().filter(s -> !songs.contains(s)).toList();
      Integer position = random.nextBoolean() ? null : random.nextInt(n + 1);
      return new Accepted("add", absent.get(random.nextInt(absent.size())), position, 0);
    }
    String song = songs.get(random.nextInt(n));
    return choice == 1 ? new Accepted("remove", song, null, 0) : new Accepted("move", song, random.nextInt(n), 0);
  }

  /** The accepted edits applied in version order to an empty list. */
  private static List<String> replay(List<Accepted> inVersionOrder) {
    List<String> list = new ArrayList<>();
    for (Accepted a : inVersionOrder) {
      switch (a.op()) {
        case "add" -> list.add(a.position() == null ? list.size() : a.position(), a.songId());
        case "remove" -> list.remove(a.songId());
        case "move" -> {
          list.remove(a.songId());
          list.add(a.position(), a.songId());
        }
        default -> { } // a collaborator added: no song changes
      }
    }
    return list;
  }
}
