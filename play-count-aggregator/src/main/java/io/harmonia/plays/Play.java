package io.harmonia.plays;

import java.io.Serializable;
import java.time.Instant;

/**
 * One stored play, as the play-count aggregator and the royalty export read it: the fields of
 * Cassandra {@code plays_by_day} (and of a {@code play-events} record) they need.
 *
 * @param eventId the client-generated event id (a UUID): one play, however often it was sent
 * @param durationMs milliseconds actually listened
 * @param subscription the listener's tier when the play was accepted ({@code FREE}, {@code PREMIUM})
 * @param qualified the play-events pipeline's verdict ({@code plays_by_day.qualified}): true
 *     royalty-bearing, false stored but not paid; null for a play stored before the pipeline judged
 *     plays (legacy), which qualifies by the old rule, {@code duration_ms >= 30000}
 * @param rule the rule a play with {@code qualified = false} failed ({@code too-short},
 *     {@code play-id-reused}, …); null otherwise
 * @param receivedAt when the platform accepted the play ({@code received_at}); null when unknown
 */
public record Play(String eventId, String userId, String songId, Instant playedAt, int durationMs,
    String subscription, Boolean qualified, String rule, Instant receivedAt) implements Serializable {

  /** A legacy play counts (for play counts and royalties) when at least this much was listened. */
  public static final int QUALIFYING_DURATION_MS = 30_000;

  /** The rule a legacy play shorter than {@link #QUALIFYING_DURATION_MS} fails. */
  public static final String TOO_SHORT = "too-short";

  /** The rule recorded for a disqualified play whose row names none. */
  public static final String UNNAMED_RULE = "unnamed";

  /** A play without the pipeline's verdict (a legacy row, or a Kafka record). */
  public Play(String eventId, String userId, String songId, Instant playedAt, int durationMs, String subscription) {
    this(eventId, userId, songId, playedAt, durationMs, subscription, null, null, null);
  }

  public boolean isQualified() {
    return qualified != null ? qualified : durationMs >= QUALIFYING_DURATION_MS;
  }

  /** The rule this play failed, or null when it qualifies. */
  public String failedRule() {
    if (isQualified()) {
      return null;
    }
    if (qualified == null) {
      return TOO_SHORT;
    }
    return rule == null || rule.isBlank() ? UNNAMED_RULE : rule;
  }

  /** Whether the play had been received by {@code cutoff} (a play of unknown receipt always had). */
  public boolean receivedBy(Instant cutoff) {
    return receivedAt == null || !receivedAt.isAfter(cutoff);
  }

  public org.joda.time.Instant eventTime() {
    return new org.joda.time.Instant(playedAt.toEpochMilli());
  }
}
