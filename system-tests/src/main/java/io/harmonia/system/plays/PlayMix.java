package io.harmonia.system.plays;

import io.harmonia.system.ApiClient;
import io.harmonia.system.ApiClient.Account;
import io.harmonia.pipelines.plays.PlayQualification;
import io.harmonia.system.ApiClient.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A known mix of plays sent through the API, and what the platform must end up holding: the
 * fixture of the end-to-end tests, meant to be reused by the stages after Cassandra (the
 * play-count aggregator and the royalty export compare their totals with {@link Expected}).
 *
 * <p>Two kinds of plays, from the same listeners:
 * <ul>
 *   <li><b>Backdated plays without a play_id</b>, spread over the two days before a given instant:
 *       per listener, unique plays (about a quarter under 30 s, some exactly at 30 s), half posted
 *       one by one and half in batches; every fifth play sent again (a client's retry), some twice
 *       within a batch; events the API must refuse (unknown song, bitrate 192, played in the
 *       future), alone and inside a batch. Each is stored, once, with the rule {@code no-play-id}
 *       and is never paid: they give the storage checks their volume and several day partitions.
 *   <li><b>Royalty-bearing plays</b> ({@link #startPlaybacks}): per listener, playbacks started with
 *       {@code POST /songs/{id}/play} at the test's set-up (before its slow part, so that by the time
 *       the plays are reported most of them have been heard), one play_id each, the plays laid end
 *       to end from the last answer (no overlap), 30–45 s each plus one skip under 30 s, each
 *       reported only once its end has passed, some sent twice. The qualified ones are paid exactly
 *       once; the skips are stored with {@code too-short}.
 * </ul>
 * Besides, malformed records written straight into the topic (not JSON, missing fields, a bitrate
 * the schema refuses, a key that is not the event's user) for the dead-letter topic. Deterministic
 * for a seed, apart from the generated ids and the current time.
 */
public final class PlayMix {

  private PlayMix() {}

  /** What the mix must produce downstream. */
  public record Expected(List<Account> listeners, List<Play> uniquePlays, int duplicatesSent, int refusedByApi,
      List<byte[]> malformedRecords) {

    /**
     * Each unique valid play once, the way the royalty export and the recount count: the plays
     * the pipeline qualified ({@link Play#qualified}).
     */
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

    /** The UTC days of the plays with a play_id (the days the royalty-bearing plays fall on: today, as a rule). */
    public SortedSet<LocalDate> playIdDays() {
      return uniquePlays.stream().filter(p -> p.playId() != null).map(p -> dayOf(p.playedAt()))
          .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The unique plays of each rule they fail, and {@code "qualified"}: what the export's report counts. */
    public Map<String, Long> verdictCounts() {
      return uniquePlays.stream().collect(Collectors.groupingBy(p -> p.qualified() ? "qualified" : p.rule(),
          TreeMap::new, Collectors.counting()));
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

  /** The mix's listeners and the royalty-bearing plays of the playbacks they started. */
  public record Listeners(List<Account> accounts, Map<String, String> tiers, List<Play> royaltyPlays) {}

  /**
   * Signs up the listeners (every other one PREMIUM, the operator's way) and starts their playbacks:
   * {@code playbacksEach} per listener, one play_id each, of random songs. Their plays start after
   * the last answer, end to end: 30–45 s each (one exactly 30 s), except one skip per listener under
   * 30 s (one 29.999 s). Call it early: the plays can be reported only once they have been heard.
   */
  public static Listeners startPlaybacks(ApiClient api, List<Catalog.Song> songs, int listenerCount, int playbacksEach,
      long seed) {
    Random random = new Random(seed);
    List<Account> accounts = new ArrayList<>();
    Map<String, String> tiers = new LinkedHashMap<>();
    List<Play> plays = new ArrayList<>();
    for (int l = 0; l < listenerCount; l++) {
      String tier = l % 2 == 0 ? "PREMIUM" : "FREE";
      Account listener = api.signUp(tier);
      accounts.add(listener);
      tiers.put(listener.userId(), tier);
      List<Playbacks.Playback> started = new ArrayList<>();
      for (int i = 0; i < playbacksEach; i++) {
        started.add(Playbacks.start(api, listener, songs.get(random.nextInt(songs.size()))));
      }
      Instant next = Playbacks.nextMilli(started.get(started.size() - 1).answeredAt());
      int skip = l % playbacksEach;
      for (int i = 0; i < playbacksEach; i++) {
        Playbacks.Playback playback = started.get(i);
        long duration = i == skip ? (l == 1 ? Play.QUALIFYING_MS - 1 : 5_000 + random.nextInt(24_000))
            : l == 0 && i == (skip + 1) % playbacksEach ? Play.QUALIFYING_MS
            : Play.QUALIFYING_MS + random.nextInt(15_001);
        Play play = new Play(UUID.randomUUID().toString(), listener.userId(), tier, playback.song().songId(), duration,
            playback.bitrate(), next, playback.playId(), expectedRule(playback, next, duration));
        plays.add(play);
        next = Playbacks.heardAt(play);
      }
    }
    return new Listeners(accounts, tiers, plays);
  }

  /**
   * The verdict the pipeline must store for a play of the mix's own playbacks, reported after its end:
   * a skip (under 30 s) is {@code too-short}; any other is qualified, because the mix builds it so —
   * the play_id is the listener's, for that song, used once; the play starts after the API answered
   * (so not before the play_id's issue), lasts no longer than the song, ends before it is reported
   * (so not longer than the time since the issue), and the listener's plays do not overlap. The
   * first two construction rules are checked here; the last is how {@link #startPlaybacks} lays them.
   */
  private static String expectedRule(Playbacks.Playback playback, Instant playedAt, long durationMs) {
    if (playedAt.isBefore(playback.answeredAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
        || durationMs > SONG_MS) {
      throw new IllegalStateException("the mix laid a play that is not legitimate: " + playback + " " + durationMs);
    }
    return durationMs < Play.QUALIFYING_MS ? PlayQualification.TOO_SHORT : null;
  }

  /** How long the catalog's songs last ({@link Catalog#song(String)}). */
  private static final long SONG_MS = 240_000;

  /**
   * Sends the mix: first the backdated plays, spread over the two days before {@code latest} (at
   * least ten minutes before it): {@code Instant.now()} for plays of today, or the end of a day of
   * the test's own, so that nothing else shares the days it exports (the API must then accept
   * plays that old); then the listeners' royalty-bearing plays, each once it has been heard — the
   * plays of even listeners one by one, of odd ones in batches (with a duplicate inside), every
   * third sent again after its 202.
   */
  public static Expected send(ApiClient api, PlayStore store, List<Catalog.Song> songs, Listeners listeners,
      int playsPerListener, long seed, Instant latest) {
    Random random = new Random(seed);
    Instant end = latest.truncatedTo(ChronoUnit.MILLIS);
    List<Play> unique = new ArrayList<>();
    int duplicates = 0;
    int refused = 0;
    for (Account listener : listeners.accounts()) {
      String tier = listeners.tiers().get(listener.userId());
      List<Play> plays = new ArrayList<>();
      for (int i = 0; i < playsPerListener; i++) {
        plays.add(play(listener, tier, songs.get(random.nextInt(songs.size())), i, end, random));
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
        expectBatch(api.postPlays(listener, batch), batch.size() - 1, 1);
      }
      for (int i = half; i < plays.size(); i += 5) {
        expect(api.postPlay(listener, plays.get(i).body()), 202);
        duplicates++;
      }
      expect(api.postPlay(listener, invalid(listener, new Catalog.Song("s-no-such-song", "", "", "", ""), end, 128)), 400);
      expect(api.postPlay(listener, invalid(listener, songs.get(0), Instant.now().plusSeconds(3600), 256)), 400);
      refused += 2;
    }
    List<byte[]> malformed = malformed(store, listeners.accounts().get(0), end);
    duplicates += sendRoyaltyPlays(api, listeners);
    unique.addAll(listeners.royaltyPlays());
    return new Expected(listeners.accounts(), unique, duplicates, refused, malformed);
  }

  /** Reports each royalty-bearing play once it has been heard, in the order they end; returns the duplicates sent. */
  private static int sendRoyaltyPlays(ApiClient api, Listeners listeners) {
    Map<String, Account> accounts = listeners.accounts().stream()
        .collect(Collectors.toMap(Account::userId, a -> a));
    List<Play> byEnd = listeners.royaltyPlays().stream().sorted(Comparator.comparing(Playbacks::heardAt)).toList();
    int duplicates = 0;
    int sent = 0;
    while (sent < byEnd.size()) {
      Playbacks.awaitHeard(byEnd.get(sent));
      Instant now = Instant.now();
      List<Play> heard = new ArrayList<>();
      while (sent < byEnd.size() && Playbacks.heardAt(byEnd.get(sent)).isBefore(now)) {
        heard.add(byEnd.get(sent++));
      }
      Map<String, List<Play>> byListener = heard.stream()
          .collect(Collectors.groupingBy(Play::userId, LinkedHashMap::new, Collectors.toList()));
      for (Map.Entry<String, List<Play>> mine : byListener.entrySet()) {
        Account listener = accounts.get(mine.getKey());
        boolean batched = listeners.accounts().indexOf(listener) % 2 == 1;
        for (Play play : mine.getValue()) {
          if (batched) {
            expectBatch(api.postPlays(listener, List.of(play.body(), play.body())), 2, 0); // twice in one batch
          } else {
            expect(api.postPlay(listener, play.body()), 202);
          }
          duplicates += batched ? 1 : 0;
          if (listeners.royaltyPlays().indexOf(play) % 3 == 0) {
            expect(api.postPlay(listener, play.body()), 202); // the client's retry, after its 202
            duplicates++;
          }
        }
      }
    }
    return duplicates;
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

  private static void expectBatch(Response r, int accepted, int rejected) {
    expect(r, 200);
    if (r.body().get("rejected").asInt() != rejected || r.body().get("accepted").asInt() != accepted) {
      throw new IllegalStateException("unexpected batch outcome: " + r.body());
    }
  }

  private static void expect(Response r, int status) {
    if (r.status() != status) {
      throw new IllegalStateException("expected " + status + ", got " + r.status() + ": " + r.body());
    }
  }
}
