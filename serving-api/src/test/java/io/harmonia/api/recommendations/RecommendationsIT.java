package io.harmonia.api.recommendations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.api.http.Json;
import io.harmonia.api.testing.ApiUnderTest;
import io.harmonia.api.testing.ApiUnderTest.Account;
import io.harmonia.api.testing.ApiUnderTest.Response;
import io.harmonia.api.testing.Problems;
import io.harmonia.clients.RecoKeys;
import io.harmonia.config.HarmoniaConfig;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * Recommendations from the real Redis and PostgreSQL. Runs are written here the way the ALS job
 * writes them (the keys from {@link RecoKeys}, the documents as reco-als-job/README.md describes;
 * system-tests runs the job itself against the API). This class works in a Redis database of its
 * own, so that switching runs here never meets the job's tests in database 0.
 */
class RecommendationsIT {

  private static final int DATABASE = 7;
  private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  static ApiUnderTest api;
  static JedisPooled redis;
  static List<String> songs;

  @BeforeAll
  static void start() {
    HarmoniaConfig config = HarmoniaConfig.fromEnvironment();
    api = new ApiUnderTest(new JedisPooled(new HostAndPort(config.redis().host(), config.redis().port()),
        DefaultJedisClientConfig.builder().database(DATABASE).timeoutMillis(2000).build()));
    redis = api.redis;
    String artist = api.catalog.artist("Nina Simone");
    String album = api.catalog.album(artist, "Pastel Blues", 1965);
    songs = IntStream.range(0, 40)
        .mapToObj(i -> api.catalog.song(artist, album, "Song " + i, i + 1, 180_000 + i, 320)).toList();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  /** A run as the job publishes it: every document under the run's prefix first, the pointer last. */
  static final class Run {
    final String id = RUN_ID.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 6);
    final Instant generatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    Run discoverWeekly(String userId, List<String> songIds) {
      redis.setex(RecoKeys.discoverWeekly(id, userId), RecoKeys.DISCOVER_WEEKLY_TTL.toSeconds(), Json.write(document(
          "Discover Weekly", "discover-weekly", userId, songIds, Map.of())));
      return this;
    }

    Run dailyMix(String userId, int mix, String theme, List<String> songIds) {
      redis.setex(RecoKeys.dailyMix(id, userId, mix), RecoKeys.DAILY_MIX_TTL.toSeconds(), Json.write(document(
          "Daily Mix " + mix, "daily-mix", userId, songIds,
          Map.of("mix", mix, "theme", theme, "known_songs", 2, "new_songs", songIds.size() - 2))));
      return this;
    }

    Run popular(List<String> songIds) {
      Map<String, Object> doc = document("Popular on Harmonia", "popular", null, songIds, Map.of());
      doc.remove("user_id");
      doc.put("fallback", true);
      redis.setex(RecoKeys.popular(id), RecoKeys.POPULAR_TTL.toSeconds(), Json.write(doc));
      return this;
    }

    private Map<String, Object> document(String name, String kind, String userId, List<String> songIds,
        Map<String, Object> extra) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("playlist_name", name);
      doc.put("kind", kind);
      doc.put("user_id", userId);
      doc.putAll(extra);
      doc.put("song_ids", songIds);
      doc.put("generated_at", generatedAt.toString());
      doc.put("model_run_id", id);
      doc.put("fallback", false);
      return doc;
    }

    Run makeCurrent() {
      redis.set(RecoKeys.CURRENT_RUN, id);
      return this;
    }
  }

  private static List<String> ids(JsonNode songsNode) {
    List<String> ids = new ArrayList<>();
    songsNode.forEach(s -> ids.add(s.get("song_id").asText()));
    return ids;
  }

  @Test
  void discoverWeeklyIsTheUsersListInOrderWithTheSongsMetadata() {
    Account me = api.newAccount("FREE");
    List<String> list = new ArrayList<>(songs.subList(0, 30));
    list.add(5, "s-no-longer-in-the-catalog");
    Run run = new Run().discoverWeekly(me.userId(), list).popular(songs.subList(30, 40)).makeCurrent();

    Response r = api.get("/api/v1/recommendations/discover-weekly", me.token());

    assertThat(r.status()).isEqualTo(200);
    JsonNode body = r.json();
    assertThat(body.get("playlist_name").asText()).isEqualTo("Discover Weekly");
    assertThat(body.get("kind").asText()).isEqualTo("discover-weekly");
    assertThat(body.get("fallback").asBoolean()).isFalse();
    assertThat(Instant.parse(body.get("generated_at").asText())).isEqualTo(run.generatedAt);
    assertThat(ids(body.get("songs"))).isEqualTo(songs.subList(0, 30));
    JsonNode first = body.get("songs").get(0);
    assertThat(first.get("title").asText()).isEqualTo("Song 0");
    assertThat(first.get("artist").asText()).isEqualTo("Nina Simone");
    assertThat(first.get("album").asText()).isEqualTo("Pastel Blues");
    assertThat(first.get("duration_ms").asInt()).isEqualTo(180_000);

    JsonNode cut = api.get("/api/v1/recommendations/discover-weekly?limit=7", me.token()).json();
    assertThat(ids(cut.get("songs"))).isEqualTo(songs.subList(0, 7));
  }

  @Test
  void aListenerTheRunHasNothingForGetsTheRunsPopularListLabelledAsSuch() {
    Account newcomer = api.newAccount("PREMIUM");
    new Run().discoverWeekly("someone-else", songs.subList(0, 30)).popular(songs.subList(10, 40)).makeCurrent();

    JsonNode dw = api.get("/api/v1/recommendations/discover-weekly?limit=25", newcomer.token()).json();
    JsonNode mixes = api.get("/api/v1/recommendations/daily-mix", newcomer.token()).json();

    assertThat(dw.get("kind").asText()).isEqualTo("popular");
    assertThat(dw.get("fallback").asBoolean()).isTrue();
    assertThat(dw.get("playlist_name").asText()).isEqualTo("Popular on Harmonia");
    assertThat(ids(dw.get("songs"))).isEqualTo(songs.subList(10, 35));
    assertThat(mixes.get("fallback").asBoolean()).isTrue();
    assertThat(mixes.get("mixes")).hasSize(1);
    assertThat(mixes.get("mixes").get(0).get("kind").asText()).isEqualTo("popular");
    assertThat(ids(mixes.get("mixes").get(0).get("songs"))).isEqualTo(songs.subList(10, 40));
  }

  @Test
  void dailyMixesComeInOrderEachCutToTheLimit() {
    Account me = api.newAccount("FREE");
    Run run = new Run().dailyMix(me.userId(), 1, "jazz", songs.subList(0, 30))
        .dailyMix(me.userId(), 2, "taste-7", songs.subList(10, 40)).popular(songs).makeCurrent();

    Response r = api.get("/api/v1/recommendations/daily-mix?limit=12", me.token());

    assertThat(r.status()).isEqualTo(200);
    JsonNode body = r.json();
    assertThat(body.get("fallback").asBoolean()).isFalse();
    assertThat(Instant.parse(body.get("generated_at").asText())).isEqualTo(run.generatedAt);
    JsonNode mixes = body.get("mixes");
    assertThat(mixes).hasSize(2);
    assertThat(mixes.get(0).get("mix").asInt()).isEqualTo(1);
    assertThat(mixes.get(0).get("playlist_name").asText()).isEqualTo("Daily Mix 1");
    assertThat(mixes.get(0).get("theme").asText()).isEqualTo("jazz");
    assertThat(mixes.get(0).get("kind").asText()).isEqualTo("daily-mix");
    assertThat(ids(mixes.get(0).get("songs"))).isEqualTo(songs.subList(0, 12));
    assertThat(mixes.get(1).get("theme").asText()).isEqualTo("taste-7");
    assertThat(ids(mixes.get(1).get("songs"))).isEqualTo(songs.subList(10, 22));
    assertThat(mixes.get(1).get("songs").get(0).get("title").asText()).isEqualTo("Song 10");
  }

  @Test
  void aReaderStaysOnTheCurrentRunUntilTheSwitchEvenWhileANewerRunIsWritten() {
    Account me = api.newAccount("FREE");
    Run current = new Run().discoverWeekly(me.userId(), songs.subList(0, 30)).popular(songs).makeCurrent();
    // the next run is half written: this user's key is there, its popular list and the switch not yet
    Run next = new Run().discoverWeekly(me.userId(), songs.subList(10, 40));

    JsonNode during = api.get("/api/v1/recommendations/discover-weekly", me.token()).json();
    next.popular(songs).makeCurrent();
    JsonNode after = api.get("/api/v1/recommendations/discover-weekly", me.token()).json();

    assertThat(ids(during.get("songs"))).isEqualTo(songs.subList(0, 30));
    assertThat(Instant.parse(during.get("generated_at").asText())).isEqualTo(current.generatedAt);
    assertThat(ids(after.get("songs"))).isEqualTo(songs.subList(10, 40));
    assertThat(Instant.parse(after.get("generated_at").asText())).isEqualTo(next.generatedAt);
  }

  @Test
  void beforeAnyRunTheCatalogsMostPlayedSongsAreTheFallback() {
    Account me = api.newAccount("FREE");
    long top = Instant.now().toEpochMilli() * 10; // above any count of earlier runs of this test
    for (int i = 0; i < 3; i++) {
      api.catalog.update("UPDATE songs SET play_count = ? WHERE song_id = ?", top - i, songs.get(20 + i));
    }
    redis.del(RecoKeys.CURRENT_RUN);

    JsonNode dw = api.get("/api/v1/recommendations/discover-weekly?limit=3", me.token()).json();

    assertThat(dw.get("kind").asText()).isEqualTo("popular");
    assertThat(dw.get("fallback").asBoolean()).isTrue();
    assertThat(ids(dw.get("songs"))).isEqualTo(songs.subList(20, 23));
  }

  @Test
  void aLimitOutsideOneToAHundredIsABadRequest() {
    Account me = api.newAccount("FREE");
    for (String limit : List.of("0", "101", "ten", "-1", "1.5")) {
      for (String path : List.of("discover-weekly", "daily-mix")) {
        Response r = api.get("/api/v1/recommendations/" + path + "?limit=" + limit, me.token());
        Problems.assertProblem(r, 400, "invalid-request", "limit must be a whole number from 1 to 100");
      }
    }
  }

  @Test
  void withoutATokenTheAnswerIs401() {
    assertThat(api.get("/api/v1/recommendations/discover-weekly", null).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/recommendations/daily-mix", null).status()).isEqualTo(401);
  }

  @Test
  void whileRedisIsUnreachableTheAnswerIsA503ProblemWithRetryAfter() {
    try (ApiUnderTest cutOff = new ApiUnderTest(ApiUnderTest.unreachableRedis())) {
      Account me = cutOff.newAccount("FREE");
      for (String path : List.of("discover-weekly", "daily-mix")) {
        Response r = cutOff.get("/api/v1/recommendations/" + path, me.token());
        Problems.assertProblem(r, 503, "recommendations-unavailable", "Redis is not reachable");
        assertThat(r.header("Retry-After")).isEqualTo("5");
      }
    }
  }
}
