package io.harmonia.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.clients.KafkaSettings;
import io.harmonia.config.HarmoniaConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Kafka (KRaft broker) through kafka-clients: the topics exist as specified; produce and consume. */
class KafkaIT {

  private final HarmoniaConfig config = HarmoniaConfig.fromEnvironment();

  @Test
  void theTopicsExistWithTheirPartitions() throws Exception {
    try (Admin admin = Admin.create(KafkaSettings.admin(config))) {
      Map<String, TopicDescription> topics =
          admin.describeTopics(List.of("play-events", "play-events-dlq", "catalog-events")).allTopicNames().get();
      assertThat(topics.get("play-events").partitions()).hasSize(6);
      assertThat(topics.get("play-events-dlq").partitions()).hasSize(3);
      assertThat(topics.get("catalog-events").partitions()).hasSize(3);
    }
  }

  @Test
  void aRecordProducedWithAcksAllIsConsumedFromItsPartition() throws Exception {
    String key = "it-user-" + UUID.randomUUID();
    byte[] value = ("{\"probe\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8);
    RecordMetadata written;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaSettings.producer(config, "kafka-it"))) {
      written = producer.send(new ProducerRecord<>("play-events", key, value)).get();
    }

    TopicPartition partition = new TopicPartition("play-events", written.partition());
    List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
             new KafkaConsumer<>(KafkaSettings.consumer(config, "kafka-it-" + UUID.randomUUID()))) {
      consumer.assign(List.of(partition));
      consumer.seek(partition, written.offset());
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (seen.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
      }
    }
    assertThat(seen).isNotEmpty();
    assertThat(seen.get(0).key()).isEqualTo(key);
    assertThat(seen.get(0).value()).isEqualTo(value);
  }
}
