package io.harmonia.api.playlists;

import io.harmonia.api.http.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a page of {@code GET /me/playlists} ends: the last playlist's creation time (microseconds,
 * PostgreSQL's precision) and id, the order's key. A keyset cursor rather than an offset, so that
 * playlists created or deleted while a client pages through neither repeat nor go missing, and a
 * deep page costs no more than the first. Opaque to clients (base64url).
 */
record ListCursor(Instant createdAt, String playlistId) {

  static final ListCursor START = new ListCursor(Instant.parse("9999-12-31T23:59:59Z"), "");
  private static final Pattern SHAPE = Pattern.compile("c1:(-?[0-9]{1,19}):([A-Za-z0-9_-]{1,64})");

  String encode() {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("c1:" + micros + ":" + playlistId).getBytes(StandardCharsets.UTF_8));
  }

  static ListCursor decode(String cursor) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    Matcher m = SHAPE.matcher(text);
    if (!m.matches()) {
      throw invalid();
    }
    try {
      return new ListCursor(Instant.EPOCH.plus(Long.parseLong(m.group(1)), ChronoUnit.MICROS), m.group(2));
    } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
      throw invalid();
    }
  }

  private static ApiProblem invalid() {
    return ApiProblem.badRequest("cursor is not one this API gave out: pass next_cursor from the previous page as it is");
  }
}
