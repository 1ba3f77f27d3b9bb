package io.harmonia.pipelines.plays;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.schemas.PlayBuckets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A play event as the pipeline stores it: the fields of {@code events/play-event} that Cassandra
 * keeps, times at millisecond precision (Cassandra's {@code timestamp}). {@code client} is carried
 * but not stored.
 */
public record PlayEvent(
    UUID eventId,
    String userId,
    String subscription,
    String songId,
    int durationMs,
    int bitrate,
    Instant playedAt,
    Instant receivedAt,
    String client) {

  /** From an event that passed the play-event schema (which guarantees the fields and their formats). */
  static PlayEvent fromValidJson(JsonNode event) {
    return new PlayEvent(
        UUID.fromString(event.get("event_id").asText()),
        event.get("user_id").asText(),
        event.get("subscription").asText(),
        event.get("song_id").asText(),
        event.get("duration_ms").asInt(),
        event.get("bitrate").asInt(),
        instant(event.get("played_at").asText()),
        instant(event.get("received_at").asText()),
        event.hasNonNull("client") ? event.get("client").asText() : null);
  }

  private static Instant instant(String text) {
    return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** The {@code plays_by_day} partition day: the UTC date of {@code played_at}. */
  public LocalDate day() {
    return PlayBuckets.day(playedAt);
  }

  /** The {@code plays_by_day} bucket (see {@link PlayBuckets}). */
  public int bucket() {
    return PlayBuckets.of(eventId);
  }
}
