package io.harmonia.api.plays;

import io.harmonia.config.HarmoniaConfig;
import java.time.Duration;

/**
 * The play-event intake's and recently-played's settings (environment variables, see README.md).
 *
 * <p>The hand-over to Kafka is bounded by {@link #handoverTimeout}: the producer gives up on a
 * record after it ({@code delivery.timeout.ms}), blocks at most {@link #maxBlock} when it has no
 * metadata or no buffer ({@code max.block.ms}), and the handler stops waiting a little after the
 * producer's own deadline, so a 503 comes within a few seconds whatever Kafka does.
 */
public record PlaySettings(
    String topic,
    Duration handoverTimeout,
    Duration maxBlock,
    int retryAfterSeconds,
    int maxBatchEvents,
    long maxBatchBytes,
    Duration maxAge,
    Duration clockSkew,
    long maxDurationMs,
    int defaultLimit,
    int maxLimit) {

  public static PlaySettings from(HarmoniaConfig config) {
    return new PlaySettings(
        config.get("HARMONIA_PLAYS_TOPIC", "play-events"),
        Duration.ofMillis(config.getLong("HARMONIA_PLAYS_HANDOVER_TIMEOUT_MS", 4000)),
        Duration.ofMillis(config.getLong("HARMONIA_PLAYS_MAX_BLOCK_MS", 2000)),
        config.getInt("HARMONIA_PLAYS_RETRY_AFTER_SECONDS", 5),
        config.getInt("HARMONIA_PLAYS_MAX_BATCH_EVENTS", 500),
        config.getLong("HARMONIA_PLAYS_MAX_BATCH_BYTES", 512 * 1024),
        Duration.ofDays(config.getLong("HARMONIA_PLAYS_MAX_AGE_DAYS", 30)),
        Duration.ofSeconds(config.getLong("HARMONIA_PLAYS_CLOCK_SKEW_SECONDS", 300)),
        config.getLong("HARMONIA_PLAYS_MAX_DURATION_MS", Duration.ofHours(6).toMillis()),
        50,
        200);
  }

  /** How long a handler waits for Kafka's acknowledgement: the producer's deadline plus a margin. */
  public Duration ackWait() {
    return handoverTimeout.plusSeconds(1);
  }

  public PlaySettings withTopic(String otherTopic) {
    return new PlaySettings(otherTopic, handoverTimeout, maxBlock, retryAfterSeconds, maxBatchEvents, maxBatchBytes,
        maxAge, clockSkew, maxDurationMs, defaultLimit, maxLimit);
  }
}
