package io.harmonia.api.plays;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.api.testing.ApiUnderTest;
import io.harmonia.api.testing.ApiUnderTest.Account;
import io.harmonia.api.testing.ApiUnderTest.Response;
import io.harmonia.clients.RedisClients;
import io.harmonia.config.HarmoniaConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The intake when Kafka cannot take events: the API points at a port where no broker listens, and
 * must answer 503 with Retry-After within its hand-over bound instead of claiming an acceptance.
 * (The system tests stop the real broker in the middle of a stream.)
 */
class KafkaUnavailableIT {

  static ApiUnderTest api;
  static Account listener;
  static String song;

  @BeforeAll
  static void start() throws IOException {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("HARMONIA_KAFKA_BOOTSTRAP", "127.0.0.1:" + freePort());
    HarmoniaConfig noKafka = HarmoniaConfig.of(env);
    api = new ApiUnderTest(RedisClients.pooled(noKafka, Duration.ofSeconds(2)), PlayStores.open(noKafka));
    listener = api.newAccount("FREE");
    String artist = api.catalog.artist("Can");
    song = api.catalog.song(artist, api.catalog.album(artist, "Tago Mago", 1971), "Halleluhwah", 2, 1_110_000, 128);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Map<String, Object> event(long durationMs) {
    return PlayEventsIT.event(UUID.randomUUID().toString(), song, durationMs, 128, Instant.now().minusSeconds(120));
  }

  @Test
  void aSingleEventIsA503WithRetryAfter_notA202() {
    Response r = api.send(api.request("/api/v1/play-events", listener.token())
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(io.harmonia.api.http.Json.write(event(60_000)))));

    assertThat(r.status()).as(r.body()).isEqualTo(503);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.header("Retry-After")).isEqualTo(Integer.toString(api.plays.settings().retryAfterSeconds()));
    assertThat(r.json().get("type").asText()).isEqualTo("urn:harmonia:problem:play-events-unavailable");
    assertThat(r.json().get("detail").asText()).contains("same event_id");
  }

  @Test
  void aBatchSaysWhichEventsToSendAgain_invalidOnesStayRejected() {
    List<Object> events = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      events.add(event(40_000 + i));
    }
    events.add(event(-5));

    Response r = api.send(api.request("/api/v1/play-events/batch", listener.token())
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(io.harmonia.api.http.Json.write(Map.of("events", events)))));

    assertThat(r.status()).as(r.body()).isEqualTo(503);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.header("Retry-After")).isNotBlank();
    JsonNode body = r.json();
    assertThat(body.get("accepted").asInt()).isZero();
    assertThat(body.get("unavailable").asInt()).isEqualTo(50);
    assertThat(body.get("rejected").asInt()).isEqualTo(1);
    assertThat(body.at("/results/0/status").asText()).isEqualTo("unavailable");
    assertThat(body.at("/results/50/status").asText()).isEqualTo("rejected");
  }

  @Test
  void healthReportsKafkaDown() {
    Response r = api.get("/health", null);
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.json().at("/checks/kafka/status").asText()).isEqualTo("DOWN");
    assertThat(r.json().at("/checks/postgres/status").asText()).isEqualTo("UP");
  }
}
