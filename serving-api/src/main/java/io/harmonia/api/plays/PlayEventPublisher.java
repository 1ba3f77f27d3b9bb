package io.harmonia.api.plays;

import io.harmonia.clients.KafkaSettings;
import io.harmonia.config.HarmoniaConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Hands play events to Kafka: the idempotent producer with {@code acks=all}, keyed by user id so
 * that one listener's plays stay in order on one partition. A returned future completes only when
 * every in-sync replica has the record, and fails when that cannot happen within the hand-over
 * timeout: the caller answers 202 on the first, 503 on the second, never before either.
 */
public final class PlayEventPublisher implements AutoCloseable {

  private final String topic;
  private final Producer<String, byte[]> producer;
  private final Admin admin;
  private final long ackWaitMs;

  public PlayEventPublisher(HarmoniaConfig config, PlaySettings settings) {
    this.topic = settings.topic();
    this.producer = new KafkaProducer<>(producerConfig(config, settings));
    this.admin = Admin.create(KafkaSettings.admin(config));
    this.ackWaitMs = settings.ackWait().toMillis();
  }

  static Map<String, Object> producerConfig(HarmoniaConfig config, PlaySettings settings) {
    Map<String, Object> props = KafkaSettings.producer(config, "serving-api-play-events");
    long handover = settings.handoverTimeout().toMillis();
    long request = Math.min(2000, handover / 2);
    // delivery.timeout.ms bounds the whole life of a record in the producer (retries included);
    // it must cover linger.ms + request.timeout.ms, hence request = handover / 2 at most.
    props.put("delivery.timeout.ms", Long.toString(handover));
    props.put("request.timeout.ms", Long.toString(request));
    props.put("max.block.ms", Long.toString(settings.maxBlock().toMillis()));
    props.put("linger.ms", "2");
    props.put("compression.type", "lz4");
    return props;
  }

  public String topic() {
    return topic;
  }

  /**
   * Produces one event. The future completes when Kafka acknowledged it and fails (with the
   * producer's exception, or a timeout) when it did not; it never stays pending past the ack wait.
   */
  public CompletableFuture<Void> publish(String userId, byte[] event) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    try {
      producer.send(new ProducerRecord<>(topic, userId, event), (metadata, failure) -> {
        if (failure == null) {
          acked.complete(null);
        } else {
          acked.completeExceptionally(failure);
        }
      });
    } catch (RuntimeException e) { // no metadata or no buffer within max.block.ms, or a closed producer
      acked.completeExceptionally(e);
    }
    return acked.orTimeout(ackWaitMs, TimeUnit.MILLISECONDS);
  }

  /**
   * Produces one listener's events, each with its own future. The topic's metadata is looked up
   * once first (blocking at most {@code max.block.ms}): without it every send would block that
   * long in turn, and a batch of hundreds would keep the client waiting for minutes.
   */
  public List<CompletableFuture<Void>> publishAll(String userId, List<byte[]> events) {
    try {
      producer.partitionsFor(topic);
    } catch (RuntimeException noMetadata) {
      return events.stream().map(e -> CompletableFuture.<Void>failedFuture(noMetadata)).toList();
    }
    return events.stream().map(e -> publish(userId, e)).toList();
  }

  /** Health: the broker answers and knows the topic. */
  public void check() throws Exception {
    admin.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(1500))
        .allTopicNames().get(2, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
    admin.close(java.time.Duration.ofSeconds(2));
  }
}
