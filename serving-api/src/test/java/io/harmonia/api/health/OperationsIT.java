package io.harmonia.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.api.testing.ApiUnderTest;
import io.harmonia.api.testing.ApiUnderTest.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /health and /metrics: no token needed; what they say when all is well and when Redis is gone. */
class OperationsIT {

  static ApiUnderTest api;

  @BeforeAll
  static void start() {
    api = new ApiUnderTest();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void healthIs200WithEachDependencyUp() {
    Response r = api.get("/health", null);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("status").asText()).isEqualTo("UP");
    assertThat(r.json().at("/checks/postgres/status").asText()).isEqualTo("UP");
    assertThat(r.json().at("/checks/redis/status").asText()).isEqualTo("UP");
    assertThat(r.json().at("/checks/redis/latency_ms").isNumber()).isTrue();
  }

  @Test
  void metricsCarryAnHttpTimerPerRouteTemplate() {
    String token = api.newAccount("FREE").token();
    String song = api.catalog.song(api.catalog.artist("Metrics Artist"), null, "Measured", null, 1000, 128);
    assertThat(api.get("/api/v1/songs/" + song, token).status()).isEqualTo(200);

    Response r = api.get("/metrics", null);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/plain");
    assertThat(r.body())
        .containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"GET\"[^}]*status=\"200\"[^}]*uri=\"/api/v1/songs/\\{song_id\\}\"[^}]*\\} [1-9]")
        .contains("http_server_requests_seconds_bucket{")
        .contains("harmonia_catalog_song_db_reads_total")
        .doesNotContain(song);
  }

  @Test
  void withRedisDownHealthIs503AndSongsAreStillServedFromTheDatabase() {
    try (ApiUnderTest degraded = new ApiUnderTest(ApiUnderTest.unreachableRedis())) {
      Response health = degraded.get("/health", null);
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.json().get("status").asText()).isEqualTo("DOWN");
      assertThat(health.json().at("/checks/postgres/status").asText()).isEqualTo("UP");
      assertThat(health.json().at("/checks/redis/status").asText()).isEqualTo("DOWN");
      assertThat(health.json().at("/checks/redis/error").asText()).isNotBlank();

      String token = api.newAccount("FREE").token();
      String song = api.catalog.song(api.catalog.artist("Resilient"), null, "Still Here", null, 1000, 128);
      Response r = degraded.get("/api/v1/songs/" + song, token);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().get("title").asText()).isEqualTo("Still Here");
    }
  }
}
