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
 * keeps, times at millisecond precision (Cassandra's {@code timestamp}), and the playback proof
 * the qualification for royalties weighs ({@link PlayQualification}). {@code client} is carried but
 * not stored.
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
    String client,
    Proof proof) {

  /**
   * What the API found when it checked the event's {@code play_id} (schema v3): the play_id as sent,
   * the check's outcome ({@code valid}, {@code missing}, {@code invalid}, {@code other-user},
   * {@code other-song}) and, for a valid one, its signed issue time and song length. Events of
   * v1 and v2 have none: they carry no proof of playback.
   */
  public record Proof(String playId, String check, Instant issuedAt, Integer songDurationMs) {}

  /** An event without playback proof (schema v1 and v2). */
  public PlayEvent(UUID eventId, String userId, String subscription, String songId, int durationMs, int bitrate,
      Instant playedAt, Instant receivedAt, String client) {
    this(eventId, userId, subscription, songId, durationMs, bitrate, playedAt, receivedAt, client, null);
  }

  /** The play_id the client reported, or null. */
  public String playId() {
    return proof == null ? null : proof.playId();
  }

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
        event.hasNonNull("client") ? event.get("client").asText() : null,
        proof(event));
  }

  private static Proof proof(JsonNode event) {
    if (!event.hasNonNull("play_check")) {
      return null;
    }
    return new Proof(
        event.hasNonNull("play_id") ? event.get("play_id").asText() : null,
        event.get("play_check").asText(),
        event.hasNonNull("play_issued_at") ? instant(event.get("play_issued_at").asText()) : null,
        event.hasNonNull("song_duration_ms") ? event.get("song_duration_ms").asInt() : null);
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
