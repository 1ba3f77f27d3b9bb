package io.harmonia.api.plays;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.api.http.Json;
import io.harmonia.api.testing.ApiUnderTest;
import io.harmonia.api.testing.ApiUnderTest.Account;
import io.harmonia.api.testing.ApiUnderTest.Response;
import io.harmonia.api.testing.TestTopic;
import io.harmonia.clients.RedisClients;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.schemas.EventSchemas;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The intake against the real Kafka (a topic of this test's own), PostgreSQL and Redis. */
class PlayEventsIT {

  static final HarmoniaConfig config = HarmoniaConfig.fromEnvironment();
  static TestTopic topic;
  static ApiUnderTest api;
  static Account listener;
  static String song;

  @BeforeAll
  static void start() {
    topic = new TestTopic(config, "play-events-it");
    api = new ApiUnderTest(RedisClients.pooled(config, Duration.ofSeconds(2)),
        PlayStores.open(config, PlaySettings.from(config).withTopic(topic.name)));
    listener = api.newAccount("PREMIUM");
    String artist = api.catalog.artist("Nina Simone");
    song = api.catalog.song(artist, api.catalog.album(artist, "Pastel Blues", 1965), "Sinnerman", 1, 622_000, 128, 320);
  }

  @AfterAll
  static void stop() {
    api.close();
    topic.close();
  }

  static Map<String, Object> event(String eventId, String songId, long durationMs, int bitrate, Instant playedAt) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("event_id", eventId);
    event.put("song_id", songId);
    event.put("duration_ms", durationMs);
    event.put("bitrate", bitrate);
    event.put("played_at", playedAt.toString());
    return event;
  }

  static Map<String, Object> validEvent() {
    return event(UUID.randomUUID().toString(), song, 45_000, 320, Instant.now().minusSeconds(60));
  }

  private static Response post(String path, Object body, String client) {
    HttpRequest.Builder request = api.request(path, listener.token()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body)));
    if (client != null) {
      request.header("X-Client", client);
    }
    return api.send(request);
  }

  private static List<JsonNode> eventsInKafka(int expected) {
    return parse(topic.read(expected, Duration.ofSeconds(30)));
  }

  /** Every event in the topic up to a marker event produced after the ones the test looks for. */
  private static List<JsonNode> eventsInKafkaThroughAMarker() {
    Map<String, Object> marker = validEvent();
    assertThat(post("/api/v1/play-events", marker, null).status()).isEqualTo(202);
    return parse(topic.readThrough((String) marker.get("event_id"), Duration.ofSeconds(30)));
  }

  private static List<JsonNode> parse(List<ConsumerRecord<String, byte[]>> records) {
    List<JsonNode> events = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        JsonNode value = Json.MAPPER.readTree(record.value());
        assertThat(record.key()).as("key = user_id").isEqualTo(value.get("user_id").asText());
        events.add(value);
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    }
    return events;
  }

  private static List<JsonNode> withIds(List<JsonNode> events, List<String> ids) {
    // the client's id: the stored event_id is derived from it and the listener (PlayEventMessage.storedEventId)
    return events.stream().filter(e -> ids.contains(e.path("client_event_id").asText())).toList();
  }

  @Test
  void aValidEventIsAnswered202AndIsInKafkaKeyedByTheListenerWithTheTokensTier() {
    Map<String, Object> event = validEvent();
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    Response r = post("/api/v1/play-events", event, "web");

    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(r.json().get("event_id").asText()).isEqualTo(event.get("event_id"));
    assertThat(r.json().get("status").asText()).isEqualTo("accepted");
    List<JsonNode> produced = withIds(eventsInKafka(1), List.of((String) event.get("event_id")));
    assertThat(produced).hasSize(1);
    JsonNode value = produced.get(0);
    assertThat(EventSchemas.validator(EventSchemas.PLAY_EVENT).validate(value)).isEmpty();
    assertThat(value.get("schema_version").asInt()).isEqualTo(EventSchemas.latestVersion(EventSchemas.PLAY_EVENT));
    assertThat(value.get("user_id").asText()).isEqualTo(listener.userId());
    assertThat(value.get("subscription").asText()).isEqualTo("PREMIUM");
    assertThat(value.get("song_id").asText()).isEqualTo(song);
    assertThat(value.get("duration_ms").asLong()).isEqualTo(45_000);
    assertThat(value.get("bitrate").asInt()).isEqualTo(320);
    assertThat(Instant.parse(value.get("played_at").asText())).isEqualTo(Instant.parse((String) event.get("played_at")).truncatedTo(ChronoUnit.MILLIS));
    assertThat(Instant.parse(value.get("received_at").asText())).isBetween(before, Instant.now());
    assertThat(value.get("client").asText()).isEqualTo("web");
    assertThat(value.get("event_id").asText())
        .isEqualTo(PlayEventMessage.storedEventId(listener.userId(), (String) event.get("event_id")));
    assertThat(value.get("play_check").asText()).isEqualTo("missing");
  }

  @Test
  void theSameEventSentTwiceIsAcceptedTwice_theEventIdMakesTheCopyHarmlessDownstream() {
    Map<String, Object> event = validEvent();
    assertThat(post("/api/v1/play-events", event, null).status()).isEqualTo(202);
    assertThat(post("/api/v1/play-events", event, null).status()).isEqualTo(202);
    List<JsonNode> copies = withIds(eventsInKafka(2), List.of((String) event.get("event_id")));
    assertThat(copies).hasSize(2);
    assertThat(copies.get(0).get("played_at")).isEqualTo(copies.get(1).get("played_at"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "no event id           | event_id      | <none>                                  | event_id is required",
      "event id not a UUID   | event_id      | \"not-a-uuid\"                          | event_id must be a UUID",
      "event id a number     | event_id      | 42                                      | event_id must be a UUID",
      "unknown song          | song_id       | \"s-does-not-exist-anywhere\"           | is not a song of the catalog",
      "malformed song id     | song_id       | \"../etc\"                              | song_id must be an id",
      "negative duration     | duration_ms   | -1                                      | duration_ms must be between 0 and",
      "absurd duration       | duration_ms   | 86400001                                | duration_ms must be between 0 and",
      "duration as text      | duration_ms   | \"45000\"                               | duration_ms must be a whole number",
      "fractional duration   | duration_ms   | 4.5                                     | duration_ms must be a whole number",
      "bitrate 192           | bitrate       | 192                                     | bitrate must be 128, 256 or 320",
      "played in the future  | played_at     | \"2999-01-01T00:00:00Z\"                | is in the future",
      "played too long ago   | played_at     | \"2020-01-01T00:00:00Z\"                | too late to count",
      "played_at without zone| played_at     | \"2026-01-01T10:00:00\"                 | played_at must be an ISO-8601 date-time with a time zone",
      "unknown field         | listened_ms   | 5                                       | unknown field 'listened_ms'"})
  void anInvalidEventIsA400ThatSaysWhatIsWrongAndNeverReachesKafka(String caseName, String field, String json,
      String expected) throws Exception {
    Map<String, Object> event = validEvent();
    if (json.equals("<none>")) {
      event.remove(field);
    } else {
      event.put(field, Json.MAPPER.readTree(json));
    }

    Response r = post("/api/v1/play-events", event, null);

    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("detail").asText()).contains(expected);
    if (event.get("event_id") instanceof String id) {
      assertThat(withIds(eventsInKafkaThroughAMarker(), List.of(id))).isEmpty();
    }
  }

  @Test
  void aPlayThatWouldEndInTheFutureIsRefused() {
    Map<String, Object> event = event(UUID.randomUUID().toString(), song, 3_600_000, 128, Instant.now().minusSeconds(60));
    Response r = post("/api/v1/play-events", event, null);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("detail").asText()).contains("played_at + duration_ms is in the future");
  }

  @Test
  void withoutATokenTheIntakeIs401() {
    Response r = api.postJson("/api/v1/play-events", validEvent(), null);
    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void aBatchIsAnsweredEventByEventInOrder_andKafkaHoldsExactlyTheAcceptedOnes() {
    Map<String, Object> first = validEvent();
    Map<String, Object> unknownSong = event(UUID.randomUUID().toString(), "s-nope", 40_000, 128, Instant.now().minusSeconds(300));
    Map<String, Object> shortPlay = event(UUID.randomUUID().toString(), song, 12_000, 256, Instant.now().minusSeconds(200));
    Map<String, Object> badBitrate = event(UUID.randomUUID().toString(), song, 40_000, 64, Instant.now().minusSeconds(100));
    List<Object> events = List.of(first, unknownSong, shortPlay, "not an object", badBitrate);

    Response r = post("/api/v1/play-events/batch", Map.of("events", events), "ios");

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode body = r.json();
    assertThat(body.get("accepted").asInt()).isEqualTo(2);
    assertThat(body.get("rejected").asInt()).isEqualTo(3);
    assertThat(body.get("unavailable").asInt()).isZero();
    List<String> statuses = new ArrayList<>();
    body.get("results").forEach(result -> statuses.add(result.get("index").asInt() + ":" + result.get("status").asText()));
    assertThat(statuses).containsExactly("0:accepted", "1:rejected", "2:accepted", "3:rejected", "4:rejected");
    assertThat(body.at("/results/1/reason").asText()).contains("is not a song of the catalog");
    assertThat(body.at("/results/1/event_id").asText()).isEqualTo(unknownSong.get("event_id"));
    assertThat(body.at("/results/3/reason").asText()).contains("must be a JSON object");
    assertThat(body.at("/results/4/reason").asText()).contains("bitrate must be 128, 256 or 320");

    List<String> ids = List.of((String) first.get("event_id"), (String) unknownSong.get("event_id"),
        (String) shortPlay.get("event_id"), (String) badBitrate.get("event_id"));
    List<JsonNode> produced = withIds(eventsInKafka(2), ids);
    assertThat(produced).extracting(e -> e.get("client_event_id").asText())
        .containsExactlyInAnyOrder((String) first.get("event_id"), (String) shortPlay.get("event_id"));
    assertThat(produced).allSatisfy(e -> assertThat(e.get("client").asText()).isEqualTo("ios"));
  }

  @Test
  void aBatchOfTheLargestSizeIsTakenAndOneMoreIsRefusedWhole() {
    int max = api.plays.settings().maxBatchEvents();
    List<Object> events = new ArrayList<>();
    for (int i = 0; i < max; i++) {
      events.add(validEvent());
    }
    Response full = post("/api/v1/play-events/batch", Map.of("events", events), null);
    assertThat(full.status()).as(full.body()).isEqualTo(200);
    assertThat(full.json().get("accepted").asInt()).isEqualTo(max);

    events.add(validEvent());
    Response tooMany = post("/api/v1/play-events/batch", Map.of("events", events), null);
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.json().get("detail").asText()).contains("1 to " + max);

    assertThat(post("/api/v1/play-events/batch", Map.of("events", List.of()), null).status()).isEqualTo(400);
    assertThat(post("/api/v1/play-events/batch", "{\"plays\": []}", null).status()).isEqualTo(400);
  }
}
