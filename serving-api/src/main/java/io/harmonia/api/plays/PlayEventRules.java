package io.harmonia.api.plays;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.api.auth.Principal;
import io.harmonia.api.http.Json;
import io.harmonia.api.playback.PlayIds;
import io.harmonia.schemas.EventSchemas;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What a client's play event must be before it is handed to Kafka: the five fields and an optional
 * {@code play_id} (nothing else), a
 * UUID event id, a song of the catalog, a duration between 0 and the configured maximum, one of
 * the three bitrates, and a start time neither in the future (beyond the clock-skew allowance) nor
 * older than the configured age, nor so late that the play would end in the future. Every problem
 * of an event is reported at once. The event the API then builds is checked against the
 * play-event schema too, the same validator the pipeline applies.
 */
public final class PlayEventRules {

  static final Set<String> FIELDS = new TreeSet<>(List.of("event_id", "song_id", "duration_ms", "bitrate", "played_at", "play_id"));
  private static final int MAX_PLAY_ID = 512;
  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern SONG_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Set<Integer> BITRATES = Set.of(128, 256, 320);

  private final PlaySettings settings;
  private final Predicate<String> songExists;
  private final EventSchemas.Validator schema = EventSchemas.validator(EventSchemas.PLAY_EVENT);

  private final PlayIds playIds;

  public PlayEventRules(PlaySettings settings, Predicate<String> songExists, PlayIds playIds) {
    this.settings = settings;
    this.songExists = songExists;
    this.playIds = playIds;
  }

  /** The outcome of checking one event: valid (with the bytes to produce) or rejected (with why). */
  public sealed interface Outcome permits Valid, Rejected {
    /** The event id as the client sent it when it was a string, else null. */
    String eventId();
  }

  public record Valid(PlayEventMessage message, byte[] json) implements Outcome {
    @Override
    public String eventId() {
      return message.clientEventId();
    }
  }

  public record Rejected(String eventId, String reason) implements Outcome {}

  public Outcome check(JsonNode event, Principal listener, String client, Instant now) {
    String eventId = event != null && event.path("event_id").isTextual() ? event.get("event_id").asText() : null;
    if (event == null || !event.isObject()) {
      return new Rejected(null, "a play event must be a JSON object");
    }
    List<String> problems = new ArrayList<>();
    event.fieldNames().forEachRemaining(name -> {
      if (!FIELDS.contains(name)) {
        problems.add("unknown field '" + name + "' (expected fields: " + String.join(", ", FIELDS) + ")");
      }
    });
    String id = eventId(event, problems);
    String songId = songId(event, problems);
    Long durationMs = durationMs(event, problems);
    Integer bitrate = bitrate(event, problems);
    Instant playedAt = playedAt(event, now, problems);
    String playId = playId(event, problems);
    if (playedAt != null && durationMs != null && playedAt.plusMillis(durationMs).isAfter(now.plus(settings.clockSkew()))) {
      problems.add("played_at + duration_ms is in the future: a play cannot have lasted longer than the time since it started");
    }
    if (problems.isEmpty() && !songExists.test(songId)) {
      problems.add("song_id '" + songId + "' is not a song of the catalog");
    }
    if (!problems.isEmpty()) {
      return new Rejected(eventId, String.join("; ", problems));
    }
    // What the play_id vouches for is the pipeline's to weigh: a play whose play_id does not check
    // out is still a play the listener heard, stored with the rule it fails, never paid.
    PlayIds.Check check = playIds.check(playId, listener.userId(), songId);
    PlayIds.Claims claims = check instanceof PlayIds.Valid v ? v.claims() : null;
    PlayEventMessage message = new PlayEventMessage(schema.version(), PlayEventMessage.storedEventId(listener.userId(), id),
        listener.userId(), listener.subscription(), songId, durationMs, bitrate, playedAt,
        now.truncatedTo(ChronoUnit.MILLIS), client, id, playId, check.name(),
        claims == null ? null : claims.issuedAt(), claims == null ? null : claims.songDurationMs());
    JsonNode tree = Json.MAPPER.valueToTree(message);
    List<String> violations = schema.validate(tree);
    if (!violations.isEmpty()) {
      return new Rejected(eventId, "the event does not fit the play-event schema: " + String.join("; ", violations));
    }
    try {
      return new Valid(message, Json.MAPPER.writeValueAsBytes(tree));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String eventId(JsonNode event, List<String> problems) {
    JsonNode node = event.get("event_id");
    if (node == null || node.isNull()) {
      problems.add("event_id is required (a UUID the client generates once per play)");
    } else if (!node.isTextual() || !UUID_TEXT.matcher(node.asText()).matches()) {
      problems.add("event_id must be a UUID in its 36-character text form, got " + shown(node));
    } else {
      return node.asText().toLowerCase(Locale.ROOT);
    }
    return null;
  }

  private static String playId(JsonNode event, List<String> problems) {
    JsonNode node = event.get("play_id");
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual() || node.asText().isEmpty() || node.asText().length() > MAX_PLAY_ID
        || !node.asText().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      problems.add("play_id must be the play_id string POST /songs/{song_id}/play answered with, got " + shown(node));
      return null;
    }
    return node.asText();
  }

  private static String songId(JsonNode event, List<String> problems) {
    JsonNode node = event.get("song_id");
    if (node == null || node.isNull()) {
      problems.add("song_id is required");
    } else if (!node.isTextual() || !SONG_ID.matcher(node.asText()).matches()) {
      problems.add("song_id must be an id (1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'), got " + shown(node));
    } else {
      return node.asText();
    }
    return null;
  }

  private Long durationMs(JsonNode event, List<String> problems) {
    JsonNode node = event.get("duration_ms");
    if (node == null || node.isNull()) {
      problems.add("duration_ms is required");
    } else if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      problems.add("duration_ms must be a whole number of milliseconds, got " + shown(node));
    } else if (node.asLong() < 0 || node.asLong() > settings.maxDurationMs()) {
      problems.add("duration_ms must be between 0 and " + settings.maxDurationMs() + ", got " + node.asLong());
    } else {
      return node.asLong();
    }
    return null;
  }

  private static Integer bitrate(JsonNode event, List<String> problems) {
    JsonNode node = event.get("bitrate");
    if (node == null || node.isNull()) {
      problems.add("bitrate is required");
    } else if (!node.isIntegralNumber() || !node.canConvertToInt() || !BITRATES.contains(node.asInt())) {
      problems.add("bitrate must be 128, 256 or 320 (kbps), got " + shown(node));
    } else {
      return node.asInt();
    }
    return null;
  }

  private Instant playedAt(JsonNode event, Instant now, List<String> problems) {
    JsonNode node = event.get("played_at");
    if (node == null || node.isNull()) {
      problems.add("played_at is required (ISO-8601 with a time zone, e.g. 2026-11-28T21:14:03Z)");
      return null;
    }
    Instant playedAt;
    try {
      playedAt = node.isTextual() ? OffsetDateTime.parse(node.asText()).toInstant() : null;
    } catch (DateTimeParseException e) {
      playedAt = null;
    }
    if (playedAt == null) {
      problems.add("played_at must be an ISO-8601 date-time with a time zone (e.g. 2026-11-28T21:14:03Z), got " + shown(node));
    } else if (playedAt.isAfter(now.plus(settings.clockSkew()))) {
      problems.add("played_at " + playedAt + " is in the future (the server's time is " + now.truncatedTo(ChronoUnit.SECONDS) + ")");
    } else if (playedAt.isBefore(now.minus(settings.maxAge()))) {
      problems.add("played_at " + playedAt + " is older than " + settings.maxAge().toDays() + " days: too late to count");
    } else {
      // Cassandra keeps milliseconds: the key must be the same in every store and every replay.
      return playedAt.truncatedTo(ChronoUnit.MILLIS);
    }
    return null;
  }

  private static String shown(JsonNode node) {
    String text = node.toString();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}
