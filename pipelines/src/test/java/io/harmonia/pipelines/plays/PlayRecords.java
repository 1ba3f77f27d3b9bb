package io.harmonia.pipelines.plays;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaRecordCoder;
import org.apache.beam.sdk.io.kafka.KafkaTimestampType;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Play-event records as KafkaIO reads them, for the pipeline's tests. */
final class PlayRecords {

  static final String TOPIC = "play-events";

  private PlayRecords() {}

  /** Beam's TestPipeline is a JUnit 4 rule; under JUnit 5 it is created and run by hand. */
  static TestPipeline testPipeline() {
    return TestPipeline.create().enableAbandonedNodeEnforcement(true);
  }

  static Coder<KafkaRecord<String, byte[]>> coder() {
    return KafkaRecordCoder.of(NullableCoder.of(StringUtf8Coder.of()), NullableCoder.of(ByteArrayCoder.of()));
  }

  static KafkaRecord<String, byte[]> record(int partition, long offset, String key, String value) {
    return new KafkaRecord<>(TOPIC, partition, offset, 1_700_000_000_000L + offset, KafkaTimestampType.LOG_APPEND_TIME,
        new RecordHeaders(), key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  /** A valid play event's JSON (events/play-event v2). */
  static String event(UUID eventId, String userId, int durationMs, Instant playedAt) {
    return "{\"schema_version\":2,\"event_id\":\"" + eventId + "\",\"user_id\":\"" + userId + "\","
        + "\"subscription\":\"PREMIUM\",\"song_id\":\"s-42\",\"duration_ms\":" + durationMs + ",\"bitrate\":320,"
        + "\"played_at\":\"" + playedAt + "\",\"received_at\":\"" + playedAt.plusMillis(durationMs + 500L) + "\","
        + "\"client\":\"web\"}";
  }
}
