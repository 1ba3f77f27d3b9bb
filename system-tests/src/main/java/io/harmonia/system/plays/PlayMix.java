package io.harmonia.system.plays;

import io.harmonia.system.ApiClient;
import io.harmonia.system.ApiClient.Account;
import io.harmonia.system.ApiClient.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A known mix of plays sent through the API, and what the platform must end up holding: the
 * fixture of the end-to-end tests, meant to be reused by the stages after Cassandra (the
 * play-count aggregator and the royalty export compare their totals with {@link Expected}).
 *
 * <p>Per listener: unique plays (about a quarter under 30 s, some exactly at 30 s), half posted one
 * by one and half in batches; every fifth play sent again (a client's retry), some twice within a
 * batch; events the API must refuse (unknown song, bitrate 192, played in the future), alone and
 * inside a batch. Besides, malformed records written straight into the topic (not JSON, missing
 * fields, a bitrate the schema refuses, a key that is not the event's user) for the dead-letter
 * topic. Deterministic for a seed, apart from the generated ids and the current time.
 */
public final class PlayMix {

  private PlayMix() {}

  /** What the mix must produce downstream. */
  public record Expected(List<Account> listeners, List<Play> uniquePlays, int duplicatesSent, int refusedByApi,
      List<byte[]> malformedRecords) {

    /** Each unique valid play once, the way the royalty rules count: {@code duration_ms >= 30000}. */
    public long qualifiedUniquePlays() {
      return uniquePlays.stream().filter(Play::qualified).count();
    }

    public Map<String, Long> qualifiedPlaysBySong() {
      return uniquePlays.stream().filter(Play::qualified).collect(Collectors.groupingBy(Play::songId, Collectors.counting()));
    }

    public long qualifiedMillisecondsListened() {
      return uniquePlays.stream().filter(Play::qualified).mapToLong(Play::durationMs).sum();
    }

    /** The UTC days the plays fall on: the {@code plays_by_day} partitions, the royalty export's dates. */
    public SortedSet<LocalDate> days() {
      return uniquePlays.stream().map(p -> dayOf(p.playedAt())).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The unique plays of a UTC day, qualified or not: what an export of the day reads. */
    public long uniquePlaysOn(LocalDate day) {
      return uniquePlays.stream().filter(p -> dayOf(p.playedAt()).equals(day)).count();
    }

    /** Qualified plays per song and per window of the given size (aligned on the epoch, keyed by its start). */
    public Map<String, Map<Instant, Long>> qualifiedPlaysBySongAndWindow(Duration window) {
      return uniquePlays.stream().filter(Play::qualified).collect(Collectors.groupingBy(Play::songId,
          Collectors.groupingBy(p -> Instant.ofEpochMilli(p.playedAt().toEpochMilli()
              - Math.floorMod(p.playedAt().toEpochMilli(), window.toMillis())), Collectors.counting())));
    }

    /**
     * The royalty export's rows for a UTC day: per song and subscription tier, the qualified unique
     * plays, their distinct listeners and milliseconds listened; sorted by song, then tier.
     */
    public List<RoyaltyRow> royaltiesOn(LocalDate day, Map<String, String> artistOfSong) {
      Map<List<String>, List<Play>> bySongAndTier = uniquePlays.stream()
          .filter(p -> p.qualified() && dayOf(p.playedAt()).equals(day))
          .collect(Collectors.groupingBy(p -> List.of(p.songId(), p.subscription())));
      return bySongAndTier.values().stream().map(plays -> {
        Play first = plays.get(0);
        return new RoyaltyRow(day, first.songId(), artistOfSong.get(first.songId()), first.subscription(), plays.size(),
            plays.stream().map(Play::userId).distinct().count(), plays.stream().mapToLong(Play::durationMs).sum());
      }).sorted(RoyaltyRow.ORDER).toList();
    }

    private static LocalDate dayOf(Instant t) {
      return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }

    /** A listener's plays as recently played must show them: newest first (then by event id). */
    public List<Play> playsOf(String userId) {
      return uniquePlays.stream().filter(p -> p.userId().equals(userId))
          // Cassandra orders equal times by the uuid's bytes, unsigned: the order of the hex text
          .sorted(Comparator.comparing(Play::playedAt).reversed().thenComparing(Play::eventId))
          .toList();
    }
  }

  /**
   * Sends the mix; its plays are spread over the two days before {@code latest} (at least ten
   * minutes before it): {@code Instant.now()} for plays of today, or the end of a day of the test's
   * own, so that nothing else shares the days it exports (the API must then accept plays that old).
   */
  public static Expected send(ApiClient api, PlayStore store, List<Catalog.Song> songs, int listenerCount,
      int playsPerListener, long seed, Instant latest) {
    Random random = new Random(seed);
    Instant end = latest.truncatedTo(ChronoUnit.MILLIS);
    List<Account> listeners = new ArrayList<>();
    List<Play> unique = new ArrayList<>();
    int duplicates = 0;
    int refused = 0;
    for (int l = 0; l < listenerCount; l++) {
      Account listener = api.signUp(l % 2 == 0 ? "PREMIUM" : "FREE");
      listeners.add(listener);
      List<Play> plays = new ArrayList<>();
      for (int i = 0; i < playsPerListener; i++) {
        plays.add(play(listener, l % 2 == 0 ? "PREMIUM" : "FREE", songs.get(random.nextInt(songs.size())), i, end, random));
      }
      unique.addAll(plays);
      int half = plays.size() / 2;
      for (int i = 0; i < half; i++) {
        expect(api.postPlay(listener, plays.get(i).body()), 202);
        if (i % 5 == 0) {
          expect(api.postPlay(listener, plays.get(i).body()), 202); // the client's retry
          duplicates++;
        }
      }
      for (int from = half; from < plays.size(); from += 8) {
        List<Object> batch = new ArrayList<>();
        plays.subList(from, Math.min(plays.size(), from + 8)).forEach(p -> batch.add(p.body()));
        batch.add(plays.get(from).body()); // the same play twice in one batch
        duplicates++;
        batch.add(invalid(listener, songs.get(0), end, 192));
        refused++;
        Response r = api.postPlays(listener, batch);
        expect(r, 200);
        if (r.body().get("rejected").asInt() != 1 || r.body().get("accepted").asInt() != batch.size() - 1) {
          throw new IllegalStateException("unexpected batch outcome: " + r.body());
        }
      }
      for (int i = half; i < plays.size(); i += 5) {
        expect(api.postPlay(listener, plays.get(i).body()), 202);
        duplicates++;
      }
      expect(api.postPlay(listener, invalid(listener, new Catalog.Song("s-no-such-song", "", "", "", ""), end, 128)), 400);
      expect(api.postPlay(listener, invalid(listener, songs.get(0), Instant.now().plusSeconds(3600), 256)), 400);
      refused += 2;
    }
    return new Expected(listeners, unique, duplicates, refused, malformed(store, listeners.get(0), end));
  }

  private static Play play(Account listener, String tier, Catalog.Song song, int index, Instant end, Random random) {
    long duration = index % 4 == 0 ? 1_000 + random.nextInt(29_000) // under 30 s: stored, not counted
        : index % 7 == 0 ? Play.QUALIFYING_MS // the edge: counted
        : Play.QUALIFYING_MS + 1 + random.nextInt(300_000);
    if (index == 4) {
      duration = Play.QUALIFYING_MS - 1; // the other edge: not counted
    }
    // spread over two days, so plays_by_day holds more than one day; never in the future
    Instant playedAt = end.minusSeconds(600 + random.nextInt(172_000)).minusMillis(index);
    int bitrate = new int[] {128, 256, 320}[random.nextInt(3)];
    return new Play(UUID.randomUUID().toString(), listener.userId(), tier, song.songId(), duration, bitrate, playedAt);
  }

  private static Map<String, Object> invalid(Account listener, Catalog.Song song, Instant playedAt, int bitrate) {
    return new Play(UUID.randomUUID().toString(), listener.userId(), "FREE", song.songId(), 45_000, bitrate,
        playedAt.minusSeconds(120)).body();
  }

  /** Records only a broken or foreign producer would write; each must end in the dead-letter topic. */
  private static List<byte[]> malformed(PlayStore store, Account listener, Instant end) {
    String user = listener.userId();
    String valid = "{\"schema_version\":2,\"event_id\":\"" + UUID.randomUUID() + "\",\"user_id\":\"" + user + "\","
        + "\"subscription\":\"FREE\",\"song_id\":\"s-x\",\"duration_ms\":45000,\"bitrate\":%d,"
        + "\"played_at\":\"" + end.minusSeconds(100) + "\",\"received_at\":\"" + end + "\"}";
    List<String[]> records = List.of(
        new String[] {user, "garbage, not JSON"},
        new String[] {user, "{\"schema_version\":2,\"event_id\":\"" + UUID.randomUUID() + "\"}"},
        new String[] {user, String.format(valid, 999)},
        new String[] {"u-not-the-user", String.format(valid, 320)});
    List<byte[]> written = new ArrayList<>();
    for (String[] record : records) {
      byte[] value = record[1].getBytes(StandardCharsets.UTF_8);
      store.produceRaw(record[0], value);
      written.add(value);
    }
    return written;
  }

  private static void expect(Response r, int status) {
    if (r.status() != status) {
      throw new IllegalStateException("expected " + status + ", got " + r.status() + ": " + r.body());
    }
  }
}
