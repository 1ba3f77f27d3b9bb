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
 */
public record Play(String eventId, String userId, String songId, Instant playedAt, int durationMs,
    String subscription) implements Serializable {

  /** A play counts (for play counts and royalties) when at least this much was listened. */
  public static final int QUALIFYING_DURATION_MS = 30_000;

  public boolean isQualified() {
    return durationMs >= QUALIFYING_DURATION_MS;
  }

  public org.joda.time.Instant eventTime() {
    return new org.joda.time.Instant(playedAt.toEpochMilli());
  }
}
