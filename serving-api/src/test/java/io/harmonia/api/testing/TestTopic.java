package io.harmonia.api.testing;

import io.harmonia.clients.KafkaSettings;
import io.harmonia.config.HarmoniaConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A Kafka topic of the test's own (unique name, six partitions like {@code play-events}), read
 * back from the beginning, and deleted when the test is done: tests never see each other's events.
 */
public final class TestTopic implements AutoCloseable {

  public final String name;
  private final HarmoniaConfig config;

  public TestTopic(HarmoniaConfig config, String prefix) {
    this.config = config;
    this.name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    try (Admin admin = Admin.create(KafkaSettings.admin(config))) {
      admin.createTopics(List.of(new NewTopic(name, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topic " + name, e);
    }
  }

  /** The topic's records from the beginning, reading until {@code expected} arrived or the deadline passed. */
  public List<ConsumerRecord<String, byte[]>> read(int expected, Duration deadline) {
    return read(records -> records.size() >= expected, deadline);
  }

  /** The topic's records from the beginning, up to (at least) the one with this value field. */
  public List<ConsumerRecord<String, byte[]>> readThrough(String marker, Duration deadline) {
    byte[] needle = marker.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return read(records -> records.stream().anyMatch(r -> contains(r.value(), needle)), deadline);
  }

  private List<ConsumerRecord<String, byte[]>> read(Predicate<List<ConsumerRecord<String, byte[]>>> enough,
      Duration deadline) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    Map<String, Object> props = KafkaSettings.consumer(config, "test-" + UUID.randomUUID());
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = consumer.partitionsFor(name).stream()
          .map(p -> new TopicPartition(name, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long end = System.nanoTime() + deadline.toNanos();
      while (!enough.test(records) && System.nanoTime() < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      // and whatever else is there already
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Override
  public void close() {
    try (Admin admin = Admin.create(KafkaSettings.admin(config))) {
      admin.deleteTopics(List.of(name)).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot delete topic " + name, e);
    }
  }
}
