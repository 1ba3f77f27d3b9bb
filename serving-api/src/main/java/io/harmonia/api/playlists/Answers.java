package io.harmonia.api.playlists;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.api.http.Json;
import io.harmonia.api.http.Problem;
import io.harmonia.api.playlists.IdempotencyKeys.Answer;
import io.javalin.http.Context;
import java.util.OptionalLong;

/** Writing an answer (fresh or replayed under an idempotency key) and a playlist's ETag to the response. */
final class Answers {

  static final String REPLAYED = "Idempotent-Replayed";

  private Answers() {}

  static void send(Context ctx, Answer answer) {
    ctx.status(answer.status());
    if (answer.replayed()) {
      ctx.header(REPLAYED, "true");
    }
    if (answer.status() >= 400) {
      ctx.contentType(Problem.CONTENT_TYPE).result(answer.json());
      return;
    }
    versionOf(answer.json()).ifPresent(version -> ctx.header("ETag", EntityTags.of(version)));
    ctx.contentType("application/json").result(answer.json());
  }

  static void etag(Context ctx, long version) {
    ctx.header("ETag", EntityTags.of(version));
  }

  private static OptionalLong versionOf(String json) {
    try {
      JsonNode version = Json.MAPPER.readTree(json).get("version");
      return version != null && version.canConvertToLong() ? OptionalLong.of(version.asLong())
          : OptionalLong.empty();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored answer is not JSON", e);
    }
  }
}
