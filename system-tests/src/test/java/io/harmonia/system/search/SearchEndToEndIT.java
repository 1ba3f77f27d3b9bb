package io.harmonia.system.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.clients.RedisClients;
import io.harmonia.system.ApiClient;
import io.harmonia.system.ApiClient.Account;
import io.harmonia.system.ApiProcess;
import io.harmonia.system.ModuleProcess;
import io.harmonia.system.Platform;
import io.harmonia.system.PlayPipelineProcess;
import io.harmonia.system.plays.AggregatorJobs;
import io.harmonia.system.plays.Play;
import io.harmonia.system.plays.PlayStore;
import io.harmonia.system.plays.Playbacks;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * Search end to end, every part a real process or server: songs go in through the catalog ingest
 * pipeline ({@link IngestedCatalog}); the outbox relay and the indexer ({@link SearchIndexerProcess})
 * carry them to Elasticsearch; the API answers. Plays go through the API, the play-events pipeline
 * and the play-count recount, whose outbox rows raise the played song's popularity. Then
 * Elasticsearch is stopped with {@code bin/platform down elasticsearch}: search answers degraded
 * from PostgreSQL, a song is ingested meanwhile, and once {@code bin/platform up elasticsearch} has
 * brought it back the indexer catches up and search answers from Elasticsearch again, new song
 * included.
 */
class SearchEndToEndIT {

  private static final Duration SEARCHABLE_WITHIN = Duration.ofSeconds(60);
  private static final Duration BACK_WITHIN = Duration.ofMinutes(3);
  private static final int QUALIFIED_PLAYS = 6;

  static Platform platform;
  static PlayStore plays;
  static ApiProcess api;
  static ModuleProcess pipeline;
  static SearchIndexerProcess indexer;
  static JedisPooled redis;
  static ApiClient client;
  static Account listener;
  /** One per qualified play: a listener's plays may not overlap. */
  static List<Account> listeners = new ArrayList<>();

  @BeforeAll
  static void start() {
    platform = new Platform();
    plays = new PlayStore(platform.config, "search-e2e");
    indexer = SearchIndexerProcess.start(platform, "search-e2e-" + UUID.randomUUID());
    api = ApiProcess.start(platform, plays.input);
    pipeline = PlayPipelineProcess.start(platform, plays.input, plays.deadLetters, plays.group);
    redis = RedisClients.pooled(platform.config, Duration.ofSeconds(2));
    client = new ApiClient(api.baseUrl);
    listener = client.signUp("PREMIUM");
    for (int i = 0; i < QUALIFIED_PLAYS; i++) {
      listeners.add(client.signUp("PREMIUM"));
    }
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {pipeline, api, indexer, redis, plays}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // go on closing the rest
      }
    }
  }

  @Test
  void anIngestedSongIsFoundInSeconds_risesWithPlays_andSearchOutlivesAnElasticsearchOutage() {
    String word = uniqueWord();
    IngestedCatalog catalog = new IngestedCatalog(platform);
    String artist = catalog.artist("Motörhead " + word);
    List<String> aces = List.of(catalog.song(artist, "Ace of Spades"), catalog.song(artist, "Ace of Spades"));
    catalog.ingest();
    long ingested = System.nanoTime();
    String aceQuery = "motorhead " + word + " ace of spades";
    await().atMost(SEARCHABLE_WITHIN).pollInterval(Duration.ofMillis(200))
        .until(() -> ours(fresh(aceQuery), aces).size() == 2);
    System.out.printf("ingested songs were searchable through the API %d ms after the ingest process ended%n",
        Duration.ofNanos(System.nanoTime() - ingested).toMillis());

    // equal text: popularity decides; play the one ranked second until it is first
    List<String> before = ours(fresh(aceQuery), aces);
    String played = before.get(1);
    String quiet = before.get(0);
    Instant from = playThroughThePipeline(played);
    JsonNode counts = AggregatorJobs.recount(platform, from, Instant.now());
    assertThat(counts.get("songs_changed").asLong()).isPositive();
    await().atMost(SEARCHABLE_WITHIN).pollInterval(Duration.ofMillis(500))
        .until(() -> ours(fresh(aceQuery), aces).equals(List.of(played, quiet)));
    JsonNode risen = fresh(aceQuery);
    assertThat(playCount(risen, played)).isEqualTo(QUALIFIED_PLAYS);
    assertThat(playCount(risen, quiet)).isZero();

    String overkill;
    String overkillQuery = "motorhead " + word + " overkil";
    platform.run(Duration.ofMinutes(3), "down", "elasticsearch");
    try {
      JsonNode degraded = fresh(aceQuery);
      assertThat(degraded.get("degraded").asBoolean()).isTrue();
      assertThat(ours(degraded, aces)).containsExactly(played, quiet);

      overkill = catalog.song(artist, "Overkill");
      catalog.ingest();
      JsonNode meanwhile = fresh(overkillQuery);
      assertThat(meanwhile.get("degraded").asBoolean()).isTrue();
      assertThat(ours(meanwhile, List.of(overkill))).containsExactly(overkill);
    } finally {
      platform.run(Duration.ofMinutes(5), "up", "elasticsearch");
    }
    long back = System.nanoTime();
    await().atMost(BACK_WITHIN).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      JsonNode answer = fresh(overkillQuery);
      assertThat(answer.get("degraded").asBoolean()).isFalse();
      assertThat(answer.at("/songs/0/song_id").asText()).isEqualTo(overkill);
    });
    System.out.printf("the song ingested during the outage was found through Elasticsearch %d ms after it was back%n",
        Duration.ofNanos(System.nanoTime() - back).toMillis());
    assertThat(ours(fresh(aceQuery), aces)).containsExactly(played, quiet);
    assertThat(client.get("/health").status()).isEqualTo(200);
    assertThat(indexer.process.isAlive()).isTrue();
  }

  /**
   * Plays of the song through the API: one listened to by each listener — a playback started with
   * {@code POST /songs/{id}/play}, its play reported with the play_id once heard —, a client's retry
   * of one, and a short one without a play_id that does not count; waits until the pipeline has
   * stored them all. Returns the earliest play time.
   */
  private static Instant playThroughThePipeline(String songId) {
    List<Play> heard = new ArrayList<>();
    for (int i = 0; i < QUALIFIED_PLAYS; i++) {
      Account who = listeners.get(i);
      Playbacks.Playback playback = Playbacks.start(client, who, songId);
      heard.add(new Play(UUID.randomUUID().toString(), who.userId(), "PREMIUM", songId, 31_000 + i, playback.bitrate(),
          Playbacks.nextMilli(playback.answeredAt()), playback.playId(), null));
    }
    Instant shortOne = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(200);
    ApiClient.Response skip = client.postPlays(listener, List.of(play(songId, 12_000, shortOne))); // under 30 s: stored, not counted
    assertThat(skip.body().get("accepted").asInt()).isEqualTo(1);
    for (Play play : heard) {
      Playbacks.awaitHeard(play);
      Account who = listeners.get(heard.indexOf(play));
      List<Object> events = new ArrayList<>(List.of(play.body()));
      if (heard.indexOf(play) == 0) {
        events.add(play.body()); // a retry: the same event id, counted once
      }
      ApiClient.Response batch = client.postPlays(who, events);
      assertThat(batch.status()).isEqualTo(200);
      assertThat(batch.body().get("accepted").asInt()).isEqualTo(events.size());
    }
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(plays::everythingStored);
    return shortOne;
  }

  private static Map<String, Object> play(String songId, long durationMs, Instant playedAt) {
    return Map.of("event_id", UUID.randomUUID().toString(), "song_id", songId, "duration_ms", durationMs,
        "bitrate", 320, "played_at", playedAt.toString());
  }

  /**
   * A search past the API's cache. Answers are cached for five minutes by design, so an answer cached
   * before a change would hide it; this test looks at the index, so it evicts the entry first (the key
   * is the API's: the normalized query, the types, limit and offset).
   */
  private static JsonNode fresh(String q) {
    redis.del("search:" + q + "|song|10|0");
    ApiClient.Response r = client.get("/api/v1/search?type=song&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8),
        listener);
    assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
    return r.body();
  }

  /** This test's songs among the results, in result order (other runs' songs may match too). */
  private static List<String> ours(JsonNode answer, List<String> songIds) {
    return StreamSupport.stream(answer.get("songs").spliterator(), false).map(s -> s.get("song_id").asText())
        .filter(songIds::contains).toList();
  }

  private static long playCount(JsonNode answer, String songId) {
    return StreamSupport.stream(answer.get("songs").spliterator(), false)
        .filter(s -> s.get("song_id").asText().equals(songId)).findFirst().orElseThrow().get("play_count").asLong();
  }

  /** Lower-case letters only, unique to a run: the test's names match nothing else. */
  private static String uniqueWord() {
    Random random = new Random();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      word.append((char) ('a' + random.nextInt(26)));
    }
    return word.toString();
  }
}
