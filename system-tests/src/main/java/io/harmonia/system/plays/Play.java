package io.harmonia.system.plays;

import io.harmonia.api.plays.PlayEventMessage;
import io.harmonia.pipelines.plays.PlayQualification;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A play as a client reports it, with the listener and tier the API adds, the {@code play_id} it
 * carries (null: none) and the verdict the pipeline must store for it: {@code rule} is the royalty
 * rule it fails ({@link PlayQualification}), null when it is qualified (paid).
 */
public record Play(String eventId, String userId, String subscription, String songId, long durationMs, int bitrate,
    Instant playedAt, String playId, String rule) {

  /** The design's minimum listen: shorter plays are skips ({@link PlayQualification#MIN_LISTEN}). */
  public static final long QUALIFYING_MS = PlayQualification.MIN_LISTEN.toMillis();

  /** A play without a play_id: stored, never paid ({@code no-play-id}). */
  public Play(String eventId, String userId, String subscription, String songId, long durationMs, int bitrate,
      Instant playedAt) {
    this(eventId, userId, subscription, songId, durationMs, bitrate, playedAt, null, PlayQualification.NO_PLAY_ID);
  }

  /** Whether the royalty export must count it: the pipeline's verdict is qualified. */
  public boolean qualified() {
    return rule == null;
  }

  /** The id the play is stored under: the API derives it from the user and the client's event id. */
  public UUID storedEventId() {
    return UUID.fromString(PlayEventMessage.storedEventId(userId, eventId));
  }

  /** The request body of POST /api/v1/play-events. */
  public Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("event_id", eventId);
    body.put("song_id", songId);
    body.put("duration_ms", durationMs);
    body.put("bitrate", bitrate);
    body.put("played_at", playedAt.toString());
    if (playId != null) {
      body.put("play_id", playId);
    }
    return body;
  }
}
