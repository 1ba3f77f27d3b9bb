package io.harmonia.plays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.schemas.EventSchemas;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Kafka {@code play-events} records (JSON, {@code events/play-event}) as plays. */
public final class PlayEvents {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PlayEvents() {}

  /** Why a record is not a play event. */
  public static final class InvalidPlayEvent extends Exception {
    public InvalidPlayEvent(String reason) {
      super(reason);
    }
  }

  /** The play a record carries, validated against the latest play-event schema. */
  public static Play parse(byte[] value, EventSchemas.Validator validator) throws InvalidPlayEvent {
    JsonNode event;
    try {
      event = value == null ? null : JSON.readTree(value);
    } catch (IOException e) {
      throw new InvalidPlayEvent("not JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (event == null || !event.isObject()) {
      throw new InvalidPlayEvent("not a JSON object");
    }
    List<String> violations = validator.validate(event);
    if (!violations.isEmpty()) {
      throw new InvalidPlayEvent(String.join("; ", violations));
    }
    return new Play(event.get("event_id").asText().toLowerCase(java.util.Locale.ROOT), event.get("user_id").asText(),
        event.get("song_id").asText(), Instant.parse(event.get("played_at").asText()),
        event.get("duration_ms").asInt(), event.get("subscription").asText());
  }

  /** The record's event time ({@code played_at}), or null when it has none readable. */
  public static Instant playedAt(byte[] value) {
    try {
      JsonNode playedAt = value == null ? null : JSON.readTree(value).get("played_at");
      return playedAt == null ? null : Instant.parse(playedAt.asText());
    } catch (IOException | DateTimeParseException | NullPointerException e) {
      return null;
    }
  }
}
