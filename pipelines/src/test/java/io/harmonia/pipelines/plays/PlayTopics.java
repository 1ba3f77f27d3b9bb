package io.harmonia.pipelines.plays;

import io.harmonia.clients.KafkaSettings;
import io.harmonia.config.HarmoniaConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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
 * A play-events topic, its dead-letter topic and a consumer group of a test's own (unique names),
 * on the real Kafka, deleted at the end: tests never see each other's records or offsets.
 */
final class PlayTopics implements AutoCloseable {

  final HarmoniaConfig config = HarmoniaConfig.fromEnvironment();
  final String input;
  final String deadLetters;
  final String group;
  private final Admin admin = Admin.create(KafkaSettings.admin(config));
  private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaSettings.producer(config, "plays-it"));

  PlayTopics(String prefix) throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    input = prefix + "-" + id;
    deadLetters = prefix + "-dlq-" + id;
    group = prefix + "-group-" + id;
    admin.createTopics(List.of(new NewTopic(input, 6, (short) 1), new NewTopic(deadLetters, 3, (short) 1)))
        .all().get(30, TimeUnit.SECONDS);
  }

  PlayPipelineSettings settings() {
    PlayEventsOptions options = org.apache.beam.sdk.options.PipelineOptionsFactory.as(PlayEventsOptions.class);
    options.setInputTopic(input);
    options.setDeadLetterTopic(deadLetters);
    options.setConsumerGroup(group);
    return PlayPipelineSettings.of(System.getenv(), options);
  }

  /** Produces a record (acks=all) and returns its partition and offset. */
  long[] send(String key, String value) throws Exception {
    var metadata = producer.send(new ProducerRecord<>(input, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8)))
        .get(30, TimeUnit.SECONDS);
    return new long[] {metadata.partition(), metadata.offset()};
  }

  Map<Integer, Long> committed() throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
    Map<Integer, Long> committed = new HashMap<>();
    offsets.forEach((tp, o) -> {
      if (tp.topic().equals(input) && o != null) {
        committed.put(tp.partition(), o.offset());
      }
    });
    return committed;
  }

  /** The end offset of every partition that has records. */
  Map<Integer, Long> ends() throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < 6; p++) {
      latest.put(new TopicPartition(input, p), OffsetSpec.latest());
    }
    return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet().stream()
        .filter(e -> e.getValue().offset() > 0)
        .collect(Collectors.toMap(e -> e.getKey().partition(), e -> e.getValue().offset()));
  }

  /** Every record of the dead-letter topic, reading until {@code expected} arrived or 60 s passed. */
  List<ConsumerRecord<String, byte[]>> deadLetters(int expected) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaSettings.consumer(config, "dlq-reader-" + UUID.randomUUID()))) {
      consumer.subscribe(List.of(deadLetters));
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (records.size() < expected && System.nanoTime() < end) {
        consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      }
      consumer.poll(Duration.ofSeconds(1)).forEach(records::add); // and anything unexpected right behind
    }
    return records;
  }

  @Override
  public void close() throws Exception {
    producer.close();
    try {
      admin.deleteTopics(List.of(input, deadLetters)).all().get(30, TimeUnit.SECONDS);
      admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the group may not exist when a test failed before anything was committed
    } finally {
      admin.close();
    }
  }
}
