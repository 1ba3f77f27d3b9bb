package io.harmonia.playcounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.clients.KafkaSettings;
import io.harmonia.testing.Stores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.PipelineResult;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The streaming mode against the real Kafka and PostgreSQL: plays produced to {@code play-events}
 * show up as window counts, a client's duplicate counts once, an invalid record is skipped, and a
 * stream never lowers a stored count.
 */
class StreamingPlayCountsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Stores stores;

  @BeforeAll
  static void connect() {
    stores = new Stores();
  }

  @AfterAll
  static void disconnect() {
    stores.close();
  }

  @Test
  void countsPlaysAsTheyArriveEachEventOnce() throws Exception {
    String run = Stores.runId();
    String songA = "st-" + run + "-a";
    String songB = "st-" + run + "-b";
    stores.catalog("st-" + run + "-artist", songA, songB);

    StreamingPlayCounts.Settings settings = new StreamingPlayCounts.Settings(
        new PlayWindows(Duration.ofMinutes(5), Duration.ofMinutes(10)), Duration.ofSeconds(1), Duration.ofSeconds(5),
        "play-count-aggregator-it-" + run);
    // the stream starts where the topic ends now, not at its history
    startGroupAtTheEnd(settings.consumerGroup());
    PipelineResult stream = PlayCountsJob.startStream(List.of("--runner=SparkRunner", "--sparkMaster=local[2]",
        "--batchIntervalMillis=1000", "--checkpointDir=" + Files.createTempDirectory("play-counts-stream-")), settings);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaSettings.producer(stores.config, "it"))) {
      String e1 = UUID.randomUUID().toString();
      send(producer, event(e1, "u1", songA, 60_000));
      send(producer, event(UUID.randomUUID().toString(), "u2", songA, 30_000));
      send(producer, event(e1, "u1", songA, 60_000)); // the client sent it twice
      send(producer, event(UUID.randomUUID().toString(), "u3", songA, 29_999)); // not qualified
      send(producer, event(UUID.randomUUID().toString(), "u3", songB, 100_000));
      producer.send(new ProducerRecord<>(TOPIC, "u9", "{not json".getBytes(StandardCharsets.UTF_8))).get();

      await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
        assertThat(playCount(songA)).isEqualTo(2);
        assertThat(playCount(songB)).isEqualTo(1);
      });
      assertThat(windowSum(songA)).isEqualTo(2);

      // one more play: the window's next firing carries its full count, 3 (the duplicate still once)
      send(producer, event(UUID.randomUUID().toString(), "u4", songA, 45_000));
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
          .untilAsserted(() -> assertThat(playCount(songA)).isEqualTo(3));
      assertThat(windowSum(songA)).isEqualTo(3);
      assertThat(stores.outbox(songA)).last()
          .satisfies(e -> assertThat(e.path("document").path("play_count").asLong()).isEqualTo(3));

      // the group's offsets are committed once the counts are written: the health check sees no lag
      String[] check = {"--check-stream", "--consumer-group", settings.consumerGroup(), "--max-lag", "0"};
      await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
          assertThat(PlayCountsJob.run(check, new java.io.PrintStream(new java.io.ByteArrayOutputStream())))
              .isEqualTo(io.harmonia.jobs.JobRuns.OK));
    } finally {
      stop(stream);
    }
  }

  /**
   * Cancels the stream. Stopping Spark's streaming context interrupts the micro-batch that is
   * listing Kafka's partitions, and the runner hands that interruption back from cancel(): it is
   * the stop itself, not a failure of the stream.
   */
  private static void stop(PipelineResult stream) throws java.io.IOException {
    try {
      stream.cancel();
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof InterruptedException || t instanceof org.apache.kafka.common.errors.InterruptException) {
          return;
        }
      }
      throw e;
    }
  }

  private static final String TOPIC = StreamingPlayCounts.TOPIC;

  private static void startGroupAtTheEnd(String group) {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaSettings.consumer(stores.config, group))) {
      List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
          .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
      Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
      consumer.endOffsets(partitions).forEach((p, offset) -> ends.put(p, new OffsetAndMetadata(offset)));
      consumer.commitSync(ends);
    }
  }

  private static void send(KafkaProducer<String, byte[]> producer, ObjectNode event) throws Exception {
    producer.send(new ProducerRecord<>(TOPIC, event.get("user_id").asText(),
        JSON.writeValueAsBytes(event))).get();
  }

  private static ObjectNode event(String eventId, String user, String song, int durationMs) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ObjectNode event = JSON.createObjectNode();
    event.put("schema_version", 2);
    event.put("event_id", eventId);
    event.put("user_id", user);
    event.put("subscription", "PREMIUM");
    event.put("song_id", song);
    event.put("duration_ms", durationMs);
    event.put("bitrate", 320);
    event.put("played_at", now.minusMillis(durationMs).toString());
    event.put("received_at", now.toString());
    return event;
  }

  private static long playCount(String songId) throws Exception {
    return stores.playCount(songId);
  }

  private static long windowSum(String songId) throws Exception {
    try (Connection c = stores.db.getConnection();
        PreparedStatement q = c.prepareStatement(
            "SELECT COALESCE(sum(play_count), 0) FROM song_play_counts WHERE song_id = ?")) {
      q.setString(1, songId);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }
}
