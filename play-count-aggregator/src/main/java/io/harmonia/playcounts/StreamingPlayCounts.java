package io.harmonia.playcounts;

import io.harmonia.clients.KafkaSettings;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.plays.ParsePlayEventsFn;
import io.harmonia.plays.PlayEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.kafka.CustomTimestampPolicyWithLimitedDelay;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The streaming mode: Kafka {@code play-events} → the same {@link CountPlaysPerWindow} as the
 * recount, windowed for a stream ({@link PlayWindows#unbounded}) → counts raised in PostgreSQL as
 * panes fire. Fresh counts within a minute; the recount from Cassandra stays the reconciliation
 * that makes closed windows exact (see the module README).
 *
 * <p>Event time is {@code played_at}, read from each record by the source; the watermark trails
 * the newest event time by {@code maxDelay} (and advances on idle partitions). Offsets are committed
 * to the consumer group when a checkpoint is finalized, so a restart resumes there.
 */
final class StreamingPlayCounts {

  static final String TOPIC = "play-events";
  static final String CONSUMER_GROUP = "play-count-aggregator";

  private StreamingPlayCounts() {}

  /** The stream's options. */
  record Settings(PlayWindows windows, Duration earlyFiring, Duration maxDelay, String consumerGroup) {}

  static void build(Pipeline p, HarmoniaConfig config, Settings settings) {
    Map<String, Object> consumer = new HashMap<>(KafkaSettings.consumer(config, settings.consumerGroup()));
    consumer.remove("bootstrap.servers");
    consumer.remove("key.deserializer");
    consumer.remove("value.deserializer");
    org.joda.time.Duration maxDelay = org.joda.time.Duration.millis(settings.maxDelay().toMillis());
    // a group without committed offsets starts at the earliest retained record (the consumer settings)
    KafkaIO.Read<String, byte[]> read = KafkaIO.<String, byte[]>read()
        .withBootstrapServers(config.kafka().bootstrapServers())
        .withTopic(TOPIC)
        .withKeyDeserializer(StringDeserializer.class)
        .withValueDeserializer(ByteArrayDeserializer.class)
        .withConsumerConfigUpdates(consumer)
        .withTimestampPolicyFactory((partition, previousWatermark) ->
            new CustomTimestampPolicyWithLimitedDelay<>(StreamingPlayCounts::eventTime, maxDelay, previousWatermark))
        .commitOffsetsInFinalize();
    p.apply("ReadPlayEvents", read.withoutMetadata())
        .apply("ParsePlayEvents", ParDo.of(new ParsePlayEventsFn()))
        .apply("CountPlaysPerWindow", new CountPlaysPerWindow(settings.windows().unbounded(settings.earlyFiring())))
        .apply("RaiseWindowCounts", ParDo.of(new RaiseWindowCountsFn()));
  }

  /** {@code played_at}; a record without one keeps its Kafka timestamp (it is dropped as invalid next). */
  private static org.joda.time.Instant eventTime(KafkaRecord<String, byte[]> record) {
    Instant playedAt = PlayEvents.playedAt(record.getKV().getValue());
    return new org.joda.time.Instant(playedAt == null ? record.getTimestamp() : playedAt.toEpochMilli());
  }
}
