package io.harmonia.search.testing;

import io.harmonia.clients.KafkaSettings;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.search.events.CatalogEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads a topic from its current end on: what is published after the reader was opened. */
public final class TopicReader implements AutoCloseable {

  public record Received(String key, int partition, CatalogEvent event) {}

  private final KafkaConsumer<String, byte[]> consumer;

  public TopicReader(HarmoniaConfig config, String topic) {
    Map<String, Object> props = KafkaSettings.consumer(config, "test-reader-" + UUID.randomUUID());
    consumer = new KafkaConsumer<>(props);
    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
        .map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolve the end offsets now, before anything is published
  }

  /** Polls until {@code enough} holds for the events that pass the filter, or the timeout. */
  public List<Received> readUntil(Predicate<CatalogEvent> filter, Predicate<List<Received>> enough, Duration timeout) {
    List<Received> received = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!enough.test(received) && System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        CatalogEvent event = CatalogEvent.parse(record.value());
        if (filter.test(event)) {
          received.add(new Received(record.key(), record.partition(), event));
        }
      }
    }
    return received;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
