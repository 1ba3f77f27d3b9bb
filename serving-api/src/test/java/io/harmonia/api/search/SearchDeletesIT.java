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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deletes take the path upserts take: a catalog delete (the rows and their outbox deletes in one
 * transaction) → the outbox relay → Kafka → the indexer → gone from the API's answers. Catalog
 * ingest never deletes, so the end-to-end search test in {@code system-tests} (real ingest, the relay
 * and indexer as a process, plays, an Elasticsearch outage) cannot show this one; here the catalog
 * is written directly, following the outbox contract ({@link CatalogWrites}).
 */
class SearchDeletesIT {

  private static final HarmoniaConfig CONFIG = HarmoniaConfig.fromEnvironment();
  private static ApiUnderTest api;
  private static SearchPipeline pipeline;
  private static String group;
  private static CatalogWrites writes;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    api = new ApiUnderTest();
    // a group of its own, from the topic's end: this test's events, not the topic's history
    group = "search-deletes-it-" + UUID.randomUUID();
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
  void deletedSongsLeaveSearch() throws Exception {
    String word = CatalogWrites.uniqueWord();
    String artist = writes.artist("Motörhead " + word);
    List<String> ours = List.of(writes.song(artist, "Ace of Spades"), writes.song(artist, "Overkill"));
    String query = "motorhead " + word;
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> songIds(fresh(query), ours).size() == 2);

    writes.delete(artist, ours);
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> songIds(fresh(query), ours).isEmpty());
    assertThat(fresh(query).get("degraded").asBoolean()).isFalse();
  }

  /**
   * A search past the cache. Answers are cached for five minutes by design; the test looks at the
   * index, so it evicts the entry first.
   */
  private static JsonNode fresh(String q) {
    api.redis.del("search:" + q + "|song|10|0");
    Response r = api.get("/api/v1/search?type=song&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  /** The ids of this test's songs among the results, in result order (other runs' songs may match too). */
  private static List<String> songIds(JsonNode body, List<String> ours) {
    return StreamSupport.stream(body.get("songs").spliterator(), false).map(s -> s.get("song_id").asText())
        .filter(ours::contains).toList();
  }
}
