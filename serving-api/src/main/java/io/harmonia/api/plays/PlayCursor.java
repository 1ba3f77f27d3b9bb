package io.harmonia.api.plays;

import io.harmonia.api.http.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page of recently played ends: the last play's {@code (played_at, event_id)}, which is
 * its place in the user's partition (newest first, then by event id). Opaque to clients:
 * base64url of {@code <epoch millis>~<event id>}. Unlike the driver's paging state, it stays valid
 * while new plays arrive and across Cassandra versions.
 */
public record PlayCursor(Instant playedAt, UUID eventId) {

  public String encode() {
    String text = playedAt.toEpochMilli() + "~" + eventId;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }

  public static PlayCursor decode(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
      int sep = text.indexOf('~');
      if (sep < 0) {
        throw new IllegalArgumentException("no separator");
      }
      return new PlayCursor(Instant.ofEpochMilli(Long.parseLong(text.substring(0, sep))),
          UUID.fromString(text.substring(sep + 1)));
    } catch (IllegalArgumentException e) { // bad base64, number or UUID
      throw ApiProblem.badRequest("before must be a next_cursor value returned by this endpoint");
    }
  }
}
