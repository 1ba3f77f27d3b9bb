package io.harmonia.system.plays;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.clients.CassandraClients;
import io.harmonia.clients.KafkaSettings;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.schemas.PlayBuckets;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Where plays end up, read directly: a play-events topic, dead-letter topic and consumer group of
 * the test's own on the real Kafka, and the Cassandra tables. Closing deletes the topics and group.
 */
public final class PlayStore implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  public final String input;
  public final String deadLetters;
  public final String group;
  private final HarmoniaConfig config;
  private final Admin admin;
  private final KafkaProducer<String, byte[]> producer;
  private CqlSession cassandra;
  private PreparedStatement byUser;
  private PreparedStatement byDay;
  private volatile Exception asyncFailure;

  public PlayStore(HarmoniaConfig config, String prefix) {
    this.config = config;
    String id = UUID.randomUUID().toString().substring(0, 8);
    this.input = prefix + "-" + id;
    this.deadLetters = prefix + "-dlq-" + id;
    this.group = prefix + "-pipeline-" + id;
    this.admin = Admin.create(KafkaSettings.admin(config));
    this.producer = new KafkaProducer<>(KafkaSettings.producer(config, "system-tests"));
    try {
      admin.createTopics(List.of(new NewTopic(input, 6, (short) 1), new NewTopic(deadLetters, 3, (short) 1)))
          .all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the test's topics", e);
    }
  }

  /** A record straight into the play-events topic, as a buggy or foreign producer would write it. */
  public void produceRaw(String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(input, key, value)).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A record into the play-events topic without waiting for its acknowledgement; {@link #flush} waits for all. */
  public void produceAsync(String key, byte[] value) {
    producer.send(new ProducerRecord<>(input, key, value), (metadata, e) -> {
      if (e != null) {
        asyncFailure = e;
      }
    });
  }

  public void flush() {
    producer.flush();
    if (asyncFailure != null) {
      throw new IllegalStateException("producing failed", asyncFailure);
    }
  }

  /** True when the pipeline's group has committed every record of the topic: all of it is stored. */
  public boolean everythingStored() throws Exception {
    Map<Integer, Long> ends = ends();
    Map<Integer, Long> committed = committed();
    return ends.entrySet().stream().allMatch(e -> e.getValue() == 0 || e.getValue().equals(committed.get(e.getKey())));
  }

  public Map<Integer, Long> committed() throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
    Map<Integer, Long> committed = new HashMap<>();
    offsets.forEach((tp, o) -> {
      if (o != null && tp.topic().equals(input)) {
        committed.put(tp.partition(), o.offset());
      }
    });
    return committed;
  }

  public Map<Integer, Long> ends() throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < 6; p++) {
      latest.put(new TopicPartition(input, p), OffsetSpec.latest());
    }
    Map<Integer, Long> ends = new HashMap<>();
    admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
    return ends;
  }

  public static long sum(Map<Integer, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * A stored play as {@code plays_by_user} has it, with the pipeline's royalty verdict:
   * {@code qualified} (null on rows stored before the pipeline judged plays) and the rule it failed.
   */
  public record StoredPlay(UUID eventId, Instant playedAt, String songId, int durationMs, int bitrate, String subscription,
      String playId, Boolean qualified, String rule) {}

  /** A listener's rows in {@code plays_by_user}, in the table's order (newest first). */
  public List<StoredPlay> playsOf(String userId) {
    List<StoredPlay> plays = new ArrayList<>();
    for (Row row : cassandra().execute(byUser().bind(userId))) {
      plays.add(new StoredPlay(row.getUuid("event_id"), row.getInstant("played_at"), row.getString("song_id"),
          row.getInt("duration_ms"), row.getInt("bitrate"), row.getString("subscription"), row.getString("play_id"),
          row.isNull("qualified") ? null : row.getBoolean("qualified"), row.getString("rule")));
    }
    return plays;
  }

  /** A {@code plays_by_day} row's verdict: what the royalty export reads. */
  public record DayRow(UUID eventId, String userId, String playId, Boolean qualified, String rule) {}

  /** The {@code plays_by_day} rows that hold this event (0 or 1: the event id is the clustering key). */
  public List<DayRow> dayRows(UUID eventId, Instant playedAt) {
    if (byDay == null) {
      byDay = cassandra().prepare("SELECT event_id, user_id, play_id, qualified, rule FROM plays_by_day"
          + " WHERE day = ? AND bucket = ? AND event_id = ?");
    }
    List<DayRow> rows = new ArrayList<>();
    for (Row row : cassandra().execute(byDay.bind(PlayBuckets.day(playedAt), PlayBuckets.of(eventId), eventId))) {
      rows.add(new DayRow(row.getUuid("event_id"), row.getString("user_id"), row.getString("play_id"),
          row.isNull("qualified") ? null : row.getBoolean("qualified"), row.getString("rule")));
    }
    return rows;
  }

  private PreparedStatement byUser() {
    if (byUser == null) {
      byUser = cassandra().prepare("SELECT event_id, played_at, song_id, duration_ms, bitrate, subscription, play_id,"
          + " qualified, rule FROM plays_by_user WHERE user_id = ?");
    }
    return byUser;
  }

  /** Every record of the dead-letter topic, as JSON with its key, reading until {@code expected} arrived or 60 s passed. */
  public List<JsonNode> deadLetters(int expected) {
    List<JsonNode> letters = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
             new KafkaConsumer<>(KafkaSettings.consumer(config, "dlq-reader-" + UUID.randomUUID()))) {
      consumer.subscribe(List.of(deadLetters));
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
      while (records.size() < expected && System.nanoTime() < end) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
      consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
      for (ConsumerRecord<String, byte[]> record : records) {
        JsonNode value = JSON.readTree(record.value());
        ((com.fasterxml.jackson.databind.node.ObjectNode) value).put("_record_key", record.key());
        letters.add(value);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return letters;
  }

  private CqlSession cassandra() {
    if (cassandra == null) {
      cassandra = CassandraClients.session(config);
    }
    return cassandra;
  }

  @Override
  public void close() {
    producer.close();
    if (cassandra != null) {
      cassandra.close();
    }
    try {
      admin.deleteTopics(List.of(input, deadLetters)).all().get(30, TimeUnit.SECONDS);
      admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort: a test that failed early may have no group
    } finally {
      admin.close();
    }
  }
}
