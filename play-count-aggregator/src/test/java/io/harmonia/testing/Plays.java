package io.harmonia.testing;

import io.harmonia.plays.Play;
import java.time.Instant;
import java.util.UUID;

/** Plays for tests. */
public final class Plays {

  private Plays() {}

  public static Play play(String eventId, String user, String song, String playedAt, int durationMs) {
    return new Play(eventId, user, song, Instant.parse(playedAt), durationMs, "PREMIUM");
  }

  public static Play play(String user, String song, String playedAt, int durationMs, String subscription) {
    return new Play(UUID.randomUUID().toString(), user, song, Instant.parse(playedAt), durationMs, subscription);
  }
}
