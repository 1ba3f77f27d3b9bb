package io.harmonia.api.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.api.testing.ApiUnderTest;
import io.harmonia.api.testing.ApiUnderTest.Response;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.search.SearchIndexerApp;
import io.harmonia.search.SearchPipeline;
import io.harmonia.search.indexer.ConsumerGroups;
import io.harmonia.search.relay.OutboxRelay;
import io.harmonia.search.testing.CatalogWrites;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole search path with real parts: a catalog write (rows + outbox row in one transaction)
 * → the outbox relay → Kafka → the indexer → Elasticsearch → the API. A new song is searchable
 * within seconds; a play-count update moves it up the ranking; with Elasticsearch stopped for real
 * ({@code bin/platform down elasticsearch}) search answers degraded from PostgreSQL, and a song added
 * meanwhile is found through Elasticsearch once it is back ({@code bin/platform up elasticsearch}).
 *
 * <p>Catalog writes follow the outbox contract of ingest and the play-count aggregator
 * ({@link CatalogWrites}): the song row and its outbox upsert commit together, and a new play count
 * is written with the song's new document, as the aggregator does.
 */
class SearchEndToEndIT {

  private static final HarmoniaConfig CONFIG = HarmoniaConfig.fromEnvironment();
  private static final Duration ES_RESTART = Duration.ofMinutes(4);
  private static ApiUnderTest api;
  private static SearchPipeline pipeline;
  private static String group;
  private static CatalogWrites writes;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    api = new ApiUnderTest();
    // a group of its own, from the topic's end: this test's events, not the topic's history
    group = "search-e2e-it-" + java.util.UUID.randomUUID();
    ConsumerGroups.startAtEnd(CONFIG, OutboxRelay.TOPIC, group);
    pipeline = SearchPipeline.start(CONFIG, SearchIndexerApp.Settings.from(CONFIG).withConsumerGroup(group));
    writes = new CatalogWrites(api.db);
    token = api.newAccount("PREMIUM").token();
  }

  @AfterAll
  static void stop() throws Exception {
    pipeline.close();
    ConsumerGroups.delete(CONFIG, group);
    api.close();
  }

  @Test
  void newSongsArriveWithinSecondsRiseWithPlaysAndSurviveAnElasticsearchOutage() throws Exception {
    String word = CatalogWrites.uniqueWord();
    String artist = writes.artist("Motörhead " + word);
    String quiet = writes.song(artist, "Ace of Spades");
    List<String> ours = new ArrayList<>(List.of(quiet));
    long start = System.nanoTime();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> songIds(fresh("motorhead " + word + " ace of spa"), ours).contains(quiet));
    System.out.printf("a new song was searchable through the API %d ms after its commit%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));

    String played = writes.song(artist, "Ace of Spades");
    ours.add(played);
    writes.setPlayCount(quiet, 40);
    await().atMost(Duration.ofSeconds(30)).until(() -> songIds(fresh("motorhead " + word + " ace of spades"), ours)
        .equals(List.of(quiet, played)));
    writes.setPlayCount(played, 90_000); // the aggregator's run: a new count and the song's new document
    await().atMost(Duration.ofSeconds(30)).until(() -> songIds(fresh("motorhead " + word + " ace of spades"), ours)
        .equals(List.of(played, quiet)));

    String addedDuringOutage;
    platform("down", "elasticsearch");
    try {
      JsonNode degraded = fresh("motorhead " + word + " ace of spades");
      assertThat(degraded.get("degraded").asBoolean()).isTrue();
      assertThat(songIds(degraded, ours)).containsExactly(played, quiet);

      addedDuringOutage = writes.song(artist, "Overkill");
      ours.add(addedDuringOutage);
      JsonNode meanwhile = fresh("motorhead " + word + " overkil");
      assertThat(meanwhile.get("degraded").asBoolean()).isTrue();
      assertThat(songIds(meanwhile, ours)).contains(addedDuringOutage);
    } finally {
      platform("up", "elasticsearch");
    }
    await().atMost(ES_RESTART).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      JsonNode back = fresh("motorhead " + word + " overkil");
      assertThat(back.get("degraded").asBoolean()).isFalse();
      assertThat(back.at("/songs/0/song_id").asText()).isEqualTo(addedDuringOutage);
    });
    assertThat(api.get("/health", null).status()).isEqualTo(200);

    // leave nothing behind: deletes travel the same way
    writes.delete(artist, ours);
    await().atMost(Duration.ofSeconds(30)).until(() -> songIds(fresh("motorhead " + word + " ace of spades"), ours)
        .isEmpty());
  }

  private static JsonNode search(String q) {
    Response r = api.get("/api/v1/search?type=song&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  /**
   * A search past the cache. Answers are cached for five minutes by design (a song added since is not
   * in an answer cached before it); the test looks at the index, so it evicts the entry first.
   */
  private static JsonNode fresh(String q) {
    api.redis.del("search:" + q + "|song|10|0");
    return search(q);
  }

  /** The ids of this test's songs among the results, in result order (other runs' songs may match too). */
  private static List<String> songIds(JsonNode body, List<String> ours) {
    return StreamSupport.stream(body.get("songs").spliterator(), false).map(s -> s.get("song_id").asText())
        .filter(ours::contains).toList();
  }

  /** Runs {@code bin/platform <command> <service>} with this test's environment (state dir, ports). */
  private static void platform(String command, String service) throws IOException, InterruptedException {
    Path root = Path.of("").toAbsolutePath().getParent();
    Process p = new ProcessBuilder(root.resolve("bin/platform").toString(), command, service)
        .directory(root.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("bin/platform %s %s finished", command, service).isTrue();
    assertThat(p.exitValue()).as("bin/platform %s %s exit code", command, service).isZero();
  }
}
