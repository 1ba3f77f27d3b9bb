package io.harmonia.system.reco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.system.ApiClient;
import io.harmonia.system.ApiClient.Account;
import io.harmonia.system.plays.Catalog;
import io.harmonia.system.plays.PlayPath;
import io.harmonia.system.reco.TasteListeners.Listener;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recommendations path across programs: plays posted to the API process flow through Kafka and
 * the play-events pipeline to Cassandra; the ALS job, as a process reading Cassandra, publishes to
 * Redis; the API serves each listener a Discover Weekly of songs they have not played, and the
 * popular list to a listener without history. A second run whose model fails its gate (an
 * impossible margin) publishes nothing: the API keeps serving the first run's lists.
 *
 * <p>The plays go to three days picked at random between 6 and 27 days ago (within what the API
 * accepts, away from the demo's recent plays), so runs of this test seldom share their input.
 */
class RecommendationsEndToEndIT {

  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(6);
  /** The job's small settings for this data: a few dozen listeners in four communities. */
  private static final String[] SMALL_MODEL = {"--rank", "8", "--max-iter", "8", "--reg-param", "0.05",
      "--alpha", "10", "--min-item-users", "1", "--taste-groups", "4", "--genres", "false"};

  static PlayPath plays;

  @TempDir Path reports;

  @BeforeAll
  static void start() {
    // forty sign-ups from one address: above the public routes' per-address limit
    plays = PlayPath.start("reco-e2e", Map.of("HARMONIA_RATE_LIMIT_ADDRESS_PER_SECOND", "1000",
        "HARMONIA_RATE_LIMIT_ADDRESS_BURST", "1000"));
  }

  @AfterAll
  static void stop() {
    if (plays != null) {
      plays.close();
    }
  }

  @Test
  void playsBecomeDiscoverWeeklyOfUnplayedSongs_andARunThatFailsItsGateLeavesThemInPlace() {
    Random random = new Random();
    LocalDate firstDay = LocalDate.now(ZoneOffset.UTC).minusDays(6 + random.nextInt(19));
    List<List<Catalog.Song>> communities = IntStream.range(0, 4).mapToObj(c -> IntStream.range(0, 15)
        .mapToObj(i -> plays.catalog.song("Community " + c + " song " + i)).toList()).toList();
    List<Listener> listeners = TasteListeners.send(plays.client, communities, 40, 10, firstDay, 3, random);
    Account newcomer = plays.client.signUp("FREE");
    await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(plays.store::everythingStored);

    RecoJobProcess.Run first = runJob(firstDay, "0.1");

    assertThat(first.status()).as("%s", first.report().get("status_reason")).isEqualTo("published");
    Instant firstStarted = Instant.parse(first.report().get("started_at").asText());
    Map<String, JsonNode> served = new HashMap<>();
    for (Listener listener : listeners) {
      JsonNode dw = discoverWeekly(listener.account());
      assertThat(dw.get("kind").asText()).isEqualTo("discover-weekly");
      assertThat(dw.get("fallback").asBoolean()).isFalse();
      assertThat(Instant.parse(dw.get("generated_at").asText())).isEqualTo(firstStarted);
      List<String> songs = songIds(dw);
      assertThat(songs).hasSize(30).doesNotHaveDuplicates().doesNotContainAnyElementsOf(listener.played());
      dw.get("songs").forEach(song -> {
        assertThat(song.get("title").asText()).isNotBlank();
        assertThat(song.get("artist").asText()).isNotBlank();
        assertThat(song.get("duration_ms").asInt()).isPositive();
      });
      served.put(listener.account().userId(), dw);
    }
    JsonNode popular = discoverWeekly(newcomer);
    assertThat(popular.get("kind").asText()).isEqualTo("popular");
    assertThat(popular.get("fallback").asBoolean()).isTrue();
    assertThat(songIds(popular)).isNotEmpty();
    JsonNode mixes = ok(plays.client.get("/api/v1/recommendations/daily-mix?limit=10", listeners.get(0).account()));
    assertThat(mixes.get("fallback").asBoolean()).isFalse();
    assertThat(mixes.get("mixes")).isNotEmpty()
        .allSatisfy(mix -> assertThat(mix.get("songs").size()).isBetween(1, 10));

    RecoJobProcess.Run second = runJob(firstDay, "1000");

    assertThat(second.status()).isEqualTo("gate-failed");
    assertThat(second.report().get("publish")).isNull();
    for (Listener listener : listeners) {
      assertThat(discoverWeekly(listener.account())).isEqualTo(served.get(listener.account().userId()));
    }
  }

  private RecoJobProcess.Run runJob(LocalDate firstDay, String gateMargin) {
    List<String> options = new ArrayList<>(List.of("--input", "cassandra", "--from", firstDay.toString(),
        "--to", firstDay.plusDays(2).toString(), "--gate-margin", gateMargin));
    options.addAll(List.of(SMALL_MODEL));
    return RecoJobProcess.run(plays.platform, reports, JOB_TIMEOUT, options.toArray(String[]::new));
  }

  private static JsonNode discoverWeekly(Account account) {
    return ok(plays.client.get("/api/v1/recommendations/discover-weekly", account));
  }

  private static JsonNode ok(ApiClient.Response response) {
    assertThat(response.status()).as("%s", response.body()).isEqualTo(200);
    return response.body();
  }

  private static List<String> songIds(JsonNode playlist) {
    List<String> ids = new ArrayList<>();
    playlist.get("songs").forEach(song -> ids.add(song.get("song_id").asText()));
    return ids;
  }
}
