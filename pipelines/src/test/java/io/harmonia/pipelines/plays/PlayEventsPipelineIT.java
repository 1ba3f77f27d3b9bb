package io.harmonia.pipelines.plays;

import static io.harmonia.pipelines.plays.PlayRecords.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.clients.CassandraClients;
import io.harmonia.schemas.EventSchemas;
import io.harmonia.schemas.PlayBuckets;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline on the DirectRunner against the real Kafka and Cassandra (the system tests
 * run it on Spark as a process, with faults): valid plays land once in both tables, refused
 * records in the dead-letter topic, and the group's offsets reach the end of the topic.
 */
class PlayEventsPipelineIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PlayTopics topics;
  private PipelineResult running;
  private CqlSession cassandra;

  @BeforeEach
  void start() throws Exception {
    topics = new PlayTopics("plays-pipeline-it");
    cassandra = CassandraClients.session(topics.config);
  }

  @AfterEach
  void stop() throws Exception {
    if (running != null) {
      running.cancel();
    }
    cassandra.close();
    topics.close();
  }

  @Test
  void validPlaysAreStoredOnce_refusedRecordsAreDeadLettered_andOffsetsReachTheEnd() throws Exception {
    String userA = "u-it-" + UUID.randomUUID().toString().substring(0, 8);
    String userB = "u-it-" + UUID.randomUUID().toString().substring(0, 8);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<UUID> valid = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      UUID id = UUID.randomUUID();
      String user = i % 2 == 0 ? userA : userB;
      topics.send(user, event(id, user, i % 4 == 0 ? 12_000 : 95_000, now.minusSeconds(3600 - i * 60L)));
      valid.add(id);
    }
    topics.send(userA, event(valid.get(0), userA, 12_000, now.minusSeconds(3600))); // a client's retry
    topics.send(userA, "{\"not\": \"a play\"}");
    topics.send(userB, "garbage");
    topics.send("u-someone-else", event(UUID.randomUUID(), userB, 40_000, now));

    Pipeline pipeline = Pipeline.create(PlayEventsPipeline.options(new String[] {"--runner=DirectRunner"}));
    PlayEventsPipeline.build(pipeline, topics.settings());
    running = pipeline.run();

    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
        .until(() -> topics.committed().equals(topics.ends()));

    Set<UUID> byUser = new HashSet<>();
    int rowsByUser = 0;
    for (String user : List.of(userA, userB)) {
      for (Row row : cassandra.execute("SELECT event_id FROM plays_by_user WHERE user_id = ?", user)) {
        byUser.add(row.getUuid("event_id"));
        rowsByUser++;
      }
    }
    assertThat(rowsByUser).isEqualTo(20);
    assertThat(byUser).containsExactlyInAnyOrderElementsOf(valid);
    for (UUID id : valid) {
      Row row = cassandra.execute("SELECT user_id, played_at FROM plays_by_day WHERE day = ? AND bucket = ? AND event_id = ?",
          PlayBuckets.day(playedAt(id, userA, userB)), PlayBuckets.of(id), id).one();
      assertThat(row).as("plays_by_day row of %s", id).isNotNull();
    }

    List<ConsumerRecord<String, byte[]>> letters = topics.deadLetters(3);
    assertThat(letters).hasSize(3);
    List<String> reasons = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> letter : letters) {
      JsonNode value = JSON.readTree(letter.value());
      assertThat(EventSchemas.validator(EventSchemas.PLAY_EVENT_DLQ).validate(value)).isEmpty();
      assertThat(value.get("source_topic").asText()).isEqualTo(topics.input);
      assertThat(letter.key()).isEqualTo(value.get("key").asText());
      reasons.add(new String(Base64.getDecoder().decode(value.get("original_base64").asText()), StandardCharsets.UTF_8)
          + " -> " + value.get("reason").asText());
    }
    assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("{\"not\": \"a play\"} -> invalid play event"))
        .anySatisfy(r -> assertThat(r).startsWith("garbage -> not JSON"))
        .anySatisfy(r -> assertThat(r).contains("-> key 'u-someone-else' does not match user_id"));
  }

  private Instant playedAt(UUID id, String... users) {
    for (String user : users) {
      Row row = cassandra.execute("SELECT played_at, event_id FROM plays_by_user WHERE user_id = ?", user).all().stream()
          .filter(r -> r.getUuid("event_id").equals(id)).findFirst().orElse(null);
      if (row != null) {
        return row.getInstant("played_at");
      }
    }
    throw new AssertionError("no plays_by_user row for " + id);
  }
}
