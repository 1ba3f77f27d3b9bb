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
    String client) {}
