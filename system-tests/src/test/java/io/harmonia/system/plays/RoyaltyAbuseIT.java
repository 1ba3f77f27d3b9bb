package io.harmonia.system.plays;

import static io.harmonia.pipelines.plays.PlayQualification.BEFORE_PLAY_ID;
import static io.harmonia.pipelines.plays.PlayQualification.INVALID_PLAY_ID;
import static io.harmonia.pipelines.plays.PlayQualification.LONGER_THAN_ELAPSED;
import static io.harmonia.pipelines.plays.PlayQualification.LONGER_THAN_SONG;
import static io.harmonia.pipelines.plays.PlayQualification.NO_PLAY_ID;
import static io.harmonia.pipelines.plays.PlayQualification.OTHER_SONG;
import static io.harmonia.pipelines.plays.PlayQualification.OTHER_USER;
import static io.harmonia.pipelines.plays.PlayQualification.OVERLAPPING;
import static io.harmonia.pipelines.plays.PlayQualification.PLAY_ID_REUSED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.system.ApiClient;
import io.harmonia.system.ApiClient.Account;
import io.harmonia.system.plays.Playbacks.Playback;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Listeners who try to be paid for what they did not hear, through the real API process, Kafka and
 * the play-events pipeline on Spark as a process (issue 15's acceptance). Each case has its own
 * listeners and songs, and allows at most the plays a person could really have listened to:
 *
 * <table>
 *   <tr><th>case</th><th>plays</th><th>paid</th><th>stored with</th></tr>
 *   <tr><td>no play_id</td><td>3</td><td>0</td><td>3 no-play-id</td></tr>
 *   <tr><td>a forged play_id</td><td>1</td><td>0</td><td>1 invalid-play-id</td></tr>
 *   <tr><td>another listener's play_id, then its owner</td><td>2</td><td>1</td><td>1 play-id-other-user</td></tr>
 *   <tr><td>another song's play_id, then that song</td><td>2</td><td>1</td><td>1 play-id-other-song</td></tr>
 *   <tr><td>one play_id, ten event ids</td><td>10</td><td>1</td><td>9 play-id-reused</td></tr>
 *   <tr><td>100 "31 s" plays within one minute, a play_id each</td><td>100</td><td>1</td><td>99 overlapping</td></tr>
 *   <tr><td>a 2-minute play reported as soon as its play_id was issued, then the real one</td><td>2</td><td>1</td>
 *       <td>1 longer-than-elapsed</td></tr>
 *   <tr><td>a play from an hour before its play_id, then the real one</td><td>2</td><td>1</td><td>1 before-play-id</td></tr>
 *   <tr><td>31 s of a 9 s song</td><td>1</td><td>0</td><td>1 longer-than-song</td></tr>
 *   <tr><td>two listeners, one client event id</td><td>2</td><td>2</td><td>both stored, each its own</td></tr>
 * </table>
 *
 * The first test checks the stored verdicts (Cassandra, both tables, and recently played); the
 * second the day's royalty export: per song, exactly the paid plays.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoyaltyAbuseIT {

  private static final long LISTEN_MS = 35_000;

  static PlayPath plays;
  /** The plays sent, by case, each with the verdict it must get. */
  static final Map<String, List<Play>> CASES = new LinkedHashMap<>();
  static final Map<String, Catalog.Song> SONGS = new LinkedHashMap<>();
  static final Map<String, Account> LISTENERS = new LinkedHashMap<>();
  /** Plays to report once heard, in this order (each with its listener). */
  static final List<Map.Entry<Account, List<Play>>> LATER = new ArrayList<>();

  @BeforeAll
  static void start() {
    // the rate limits are not what this test is about: one listener asks for 100 play_ids at once
    plays = PlayPath.start("royalty-abuse", Map.of("HARMONIA_RATE_LIMIT_USER_BURST", "1000",
        "HARMONIA_RATE_LIMIT_USER_PER_SECOND", "500"), RoyaltyAbuseIT::startPlaybacks);
  }

  @AfterAll
  static void stop() {
    if (plays != null) {
      plays.close();
    }
  }

  /** Signs up the listeners and starts the playbacks (before the pipeline starts, so they are heard meanwhile). */
  private static void startPlaybacks(PlayPath path) {
    ApiClient api = path.client;
    for (String name : List.of("no-play-id", "forged", "other-user", "other-song-a", "other-song-b", "reused",
        "hundred", "elapsed", "before", "shared-event-id")) {
      SONGS.put(name, path.catalog.song("Abuse " + name));
    }
    SONGS.put("nine-seconds", path.catalog.song("Abuse nine seconds", 9_000));
    for (String name : List.of("no-play-id", "forged", "owner", "thief", "other-song", "reused", "hundred",
        "elapsed", "before", "short-song", "shared-1", "shared-2")) {
      LISTENERS.put(name, api.signUp("PREMIUM"));
    }

    // no play_id: three plays heard for real, reported without one
    Account listener = LISTENERS.get("no-play-id");
    Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600);
    List<Play> none = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      none.add(play(listener, "no-play-id", null, start.plusMillis(i * LISTEN_MS), LISTEN_MS, 320, NO_PLAY_ID));
    }
    later("no-play-id", listener, none);

    // a forged play_id: a real one with its signature changed
    listener = LISTENERS.get("forged");
    Playback real = Playbacks.start(api, listener, SONGS.get("forged"));
    int mac = real.playId().lastIndexOf('.') + 1; // the signature's first character: all six of its bits count
    String forged = real.playId().substring(0, mac) + (real.playId().charAt(mac) == 'A' ? 'B' : 'A')
        + real.playId().substring(mac + 1);
    later("forged", listener, List.of(play(listener, "forged", forged, after(real), LISTEN_MS, real.bitrate(), INVALID_PLAY_ID)));

    // another listener's play_id: the thief reports it first, then its owner
    Account owner = LISTENERS.get("owner");
    Account thief = LISTENERS.get("thief");
    Playback owned = Playbacks.start(api, owner, SONGS.get("other-user"));
    later("other-user", thief, List.of(play(thief, "other-user", owned.playId(), after(owned), LISTEN_MS, 320, OTHER_USER)));
    later("other-user", owner, List.of(play(owner, "other-user", owned.playId(), after(owned), LISTEN_MS, owned.bitrate(), null)));

    // another song's play_id: reported for song b, then for its own song a
    listener = LISTENERS.get("other-song");
    Playback ofA = Playbacks.start(api, listener, SONGS.get("other-song-a"));
    later("other-song", listener, List.of(
        play(listener, "other-song-b", ofA.playId(), after(ofA), LISTEN_MS, ofA.bitrate(), OTHER_SONG),
        play(listener, "other-song-a", ofA.playId(), after(ofA), LISTEN_MS, ofA.bitrate(), null)));

    // one play_id, ten event ids: the first is paid
    listener = LISTENERS.get("reused");
    Playback once = Playbacks.start(api, listener, SONGS.get("reused"));
    List<Play> ten = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ten.add(play(listener, "reused", once.playId(), after(once), LISTEN_MS, once.bitrate(), i == 0 ? null : PLAY_ID_REUSED));
    }
    later("reused", listener, ten);

    // 100 "31 s" plays within one minute, each with its own play_id, starting 0.1 s apart: every
    // two overlap by more than 21 s, so one is paid
    listener = LISTENERS.get("hundred");
    List<Playback> hundred = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      hundred.add(Playbacks.start(api, listener, SONGS.get("hundred")));
    }
    Instant first = after(hundred.get(99));
    List<Play> overlapping = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      overlapping.add(play(listener, "hundred", hundred.get(i).playId(), first.plusMillis(100L * i), 31_000,
          hundred.get(i).bitrate(), i == 0 ? null : OVERLAPPING));
    }
    later("hundred", listener, overlapping);

    // two minutes claimed the moment the play_id was issued (the API allows a play to end up to its
    // clock skew in the future): longer than the time since; then the play really heard
    listener = LISTENERS.get("elapsed");
    Playback quick = Playbacks.start(api, listener, SONGS.get("elapsed"));
    Play claimed = play(listener, "elapsed", quick.playId(), after(quick), 120_000, quick.bitrate(), LONGER_THAN_ELAPSED);
    assertThat(api.postPlay(listener, claimed.body()).status()).isEqualTo(202);
    CASES.computeIfAbsent("longer-than-elapsed", k -> new ArrayList<>()).add(claimed);
    later("longer-than-elapsed", listener, List.of(
        play(listener, "elapsed", quick.playId(), after(quick), LISTEN_MS, quick.bitrate(), null)));

    // a play that started an hour before its play_id was issued; then the play really heard
    listener = LISTENERS.get("before");
    Playback late = Playbacks.start(api, listener, SONGS.get("before"));
    later("before-play-id", listener, List.of(
        play(listener, "before", late.playId(), after(late).minusSeconds(3600), LISTEN_MS, late.bitrate(), BEFORE_PLAY_ID),
        play(listener, "before", late.playId(), after(late), LISTEN_MS, late.bitrate(), null)));

    // 31 s of a 9 s song
    listener = LISTENERS.get("short-song");
    Playback nine = Playbacks.start(api, listener, SONGS.get("nine-seconds"));
    later("longer-than-song", listener, List.of(
        play(listener, "nine-seconds", nine.playId(), after(nine), 31_000, nine.bitrate(), LONGER_THAN_SONG)));

    // two listeners, one client event id: two plays, each stored under its own listener
    String eventId = UUID.randomUUID().toString();
    for (String name : List.of("shared-1", "shared-2")) {
      Account a = LISTENERS.get(name);
      Playback p = Playbacks.start(api, a, SONGS.get("shared-event-id"));
      Play mine = new Play(eventId, a.userId(), "PREMIUM", SONGS.get("shared-event-id").songId(), LISTEN_MS, p.bitrate(),
          after(p), p.playId(), null);
      later("shared-event-id", a, List.of(mine));
    }
  }

  private static Instant after(Playback playback) {
    return Playbacks.nextMilli(playback.answeredAt());
  }

  private static Play play(Account listener, String song, String playId, Instant playedAt, long durationMs, int bitrate,
      String rule) {
    return new Play(UUID.randomUUID().toString(), listener.userId(), "PREMIUM", SONGS.get(song).songId(), durationMs,
        bitrate, playedAt, playId, rule);
  }

  private static void later(String caseName, Account listener, List<Play> plays) {
    CASES.computeIfAbsent(caseName, k -> new ArrayList<>()).addAll(plays);
    LATER.add(Map.entry(listener, plays));
  }

  /** Reports the plays once heard (one request per case and listener: a batch), and waits until the pipeline stored everything. */
  private static void reportEverything() throws Exception {
    for (Map.Entry<Account, List<Play>> batch : LATER) {
      batch.getValue().forEach(Playbacks::awaitHeard);
      ApiClient.Response r = plays.client.postPlays(batch.getKey(), batch.getValue().stream().map(Play::body).toList());
      assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
      assertThat(r.body().get("accepted").asInt()).as("%s", r.body()).isEqualTo(batch.getValue().size());
    }
    await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(plays.store::everythingStored);
  }

  @Test
  @Order(1)
  void eachAbuseIsStoredWithItsRule_andOnlyThePlaysReallyHeardArePaid() throws Exception {
    reportEverything();
    List<Play> all = CASES.values().stream().flatMap(List::stream).toList();
    assertThat(all).hasSize(125);

    // per case, what Cassandra holds: exact numbers of paid plays and of each rule
    Map<String, Map<String, Long>> stored = new LinkedHashMap<>();
    Map<java.util.UUID, PlayStore.StoredPlay> rows = new java.util.HashMap<>();
    all.stream().map(Play::userId).distinct()
        .forEach(u -> plays.store.playsOf(u).forEach(r -> rows.put(r.eventId(), r)));
    CASES.forEach((name, sent) -> stored.put(name, sent.stream().map(p -> rows.get(p.storedEventId()))
        .collect(Collectors.groupingBy(r -> r == null ? "missing" : Boolean.TRUE.equals(r.qualified()) ? "paid" : r.rule(),
            TreeMap::new, Collectors.counting()))));
    assertThat(stored).containsExactlyEntriesOf(expectedVerdicts());

    // and play by play, in both tables, with one paid play per play_id
    StoredPlays.assertEachStoredExactlyOnce(plays.store, all);

    // two listeners, one client event id: each sees their own play, paid
    for (String name : List.of("shared-1", "shared-2")) {
      ApiClient.Response page = plays.client.recentlyPlayed(LISTENERS.get(name), 10, null);
      assertThat(page.status()).isEqualTo(200);
      Play mine = CASES.get("shared-event-id").stream().filter(p -> p.userId().equals(LISTENERS.get(name).userId()))
          .findFirst().orElseThrow();
      assertThat(page.body().get("items")).hasSize(1);
      JsonNode item = page.body().get("items").get(0);
      assertThat(item.get("event_id").asText()).isEqualTo(mine.storedEventId().toString());
      assertThat(item.get("song_id").asText()).isEqualTo(mine.songId());
      assertThat(item.get("qualified").asBoolean()).isTrue();
    }
  }

  /** The day's royalty export (it counts only qualified plays): per song, exactly the legitimate plays. */
  @Test
  @Order(2)
  void theDaysRoyaltyExportPaysExactlyTheLegitimatePlays() {
    List<Play> all = CASES.values().stream().flatMap(List::stream).toList();
    TreeSet<LocalDate> days = all.stream().map(p -> LocalDate.ofInstant(p.playedAt(), ZoneOffset.UTC))
        .collect(Collectors.toCollection(TreeSet::new));
    Map<LocalDate, JsonNode> checks = AggregatorJobs.exportAndVerifyRoyalties(plays.platform, days);
    Map<String, String> songNames = SONGS.entrySet().stream()
        .collect(Collectors.toMap(e -> e.getValue().songId(), Map.Entry::getKey));
    Map<String, Long> paid = new TreeMap<>();
    for (LocalDate day : days) {
      assertThat(checks.get(day).get("ok").asBoolean()).as("the check of %s: %s", day, checks.get(day)).isTrue();
      RoyaltyExport.read(plays.platform.config, day).csvRows().stream().filter(r -> songNames.containsKey(r.songId()))
          .forEach(r -> paid.merge(songNames.get(r.songId()), r.qualifiedPlays(), Long::sum));
    }
    assertThat(paid).as("qualified plays per song in the export").containsExactlyInAnyOrderEntriesOf(Map.of(
        "other-user", 1L, "other-song-a", 1L, "reused", 1L, "hundred", 1L, "elapsed", 1L, "before", 1L,
        "shared-event-id", 2L));
  }

  private static Map<String, Map<String, Long>> expectedVerdicts() {
    Map<String, Map<String, Long>> expected = new LinkedHashMap<>();
    expected.put("no-play-id", Map.of(NO_PLAY_ID, 3L));
    expected.put("forged", Map.of(INVALID_PLAY_ID, 1L));
    expected.put("other-user", Map.of(OTHER_USER, 1L, "paid", 1L));
    expected.put("other-song", Map.of(OTHER_SONG, 1L, "paid", 1L));
    expected.put("reused", Map.of(PLAY_ID_REUSED, 9L, "paid", 1L));
    expected.put("hundred", Map.of(OVERLAPPING, 99L, "paid", 1L));
    expected.put("longer-than-elapsed", Map.of(LONGER_THAN_ELAPSED, 1L, "paid", 1L));
    expected.put("before-play-id", Map.of(BEFORE_PLAY_ID, 1L, "paid", 1L));
    expected.put("longer-than-song", Map.of(LONGER_THAN_SONG, 1L));
    expected.put("shared-event-id", Map.of("paid", 2L));
    expected.replaceAll((k, v) -> new TreeMap<>(v));
    return expected;
  }
}
