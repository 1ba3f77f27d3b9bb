package io.harmonia.api.plays;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A play event as the API produces it to Kafka {@code play-events}: the client's fields, plus who
 * played (from the token), when the API accepted it and what reported it. Serialized with the
 * API's snake_case mapping, it is an instance of {@code schemas/.../events/play-event/v<latest>.json}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlayEventMessage(
    int schemaVersion,
    String eventId,
    String userId,
    String subscription,
    String songId,
    long durationMs,
    int bitrate,
    Instant playedAt,
    Instant receivedAt,
    String client,
    String clientEventId,
    String playId,
    String playCheck,
    Instant playIssuedAt,
    Integer songDurationMs) {

  /**
   * The id a play is stored under: a UUID derived from the user and the client's event id
   * (SHA-256, shaped as a version-8 UUID). The same client id always maps to the same stored id for
   * one user (a retry is idempotent), and no client id of one user can name another user's play.
   */
  public static String storedEventId(String userId, String clientEventId) {
    byte[] hash;
    try {
      hash = java.security.MessageDigest.getInstance("SHA-256").digest(
          ("harmonia-play\n" + userId + "\n" + clientEventId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x80); // version 8: custom
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // the RFC 9562 variant
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(hash);
    return new java.util.UUID(bytes.getLong(), bytes.getLong()).toString();
  }
}
