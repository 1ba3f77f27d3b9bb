package io.harmonia.system.plays;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A play as a client reports it, with the listener and tier the API adds. */
public record Play(String eventId, String userId, String subscription, String songId, long durationMs, int bitrate,
    Instant playedAt) {

  /** The aggregator's rule: a play counts for royalties from 30 s of listening. */
  public static final long QUALIFYING_MS = 30_000;

  public boolean qualified() {
    return durationMs >= QUALIFYING_MS;
  }

  /** The request body of POST /api/v1/play-events. */
  public Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("event_id", eventId);
    body.put("song_id", songId);
    body.put("duration_ms", durationMs);
    body.put("bitrate", bitrate);
    body.put("played_at", playedAt.toString());
    return body;
  }
}
