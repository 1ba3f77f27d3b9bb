package io.harmonia.system.plays;

import io.harmonia.system.ApiClient;
import io.harmonia.system.ApiClient.Account;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Playbacks as a listener's app starts them: {@code POST /api/v1/songs/{id}/play} answers with the
 * {@code play_id} that the play event must carry to be paid, and the rendition the listener's tier
 * allows. A play of it can only be reported once it has been heard: {@link #awaitHeard} waits until
 * the clock has passed its end.
 */
public final class Playbacks {

  private Playbacks() {}

  /** A started playback: its play_id, the rendition's bitrate, and when the API had answered (after it issued the id). */
  public record Playback(Account listener, Catalog.Song song, String playId, int bitrate, Instant answeredAt) {}

  /** {@code POST /songs/{id}/play} with {@code X-Network-Quality: high}. */
  public static Playback start(ApiClient api, Account listener, Catalog.Song song) {
    return start(api, listener, song.songId(), song);
  }

  /** The same for a song known by its id only. */
  public static Playback start(ApiClient api, Account listener, String songId) {
    return start(api, listener, songId, new Catalog.Song(songId, "", "", "", ""));
  }

  private static Playback start(ApiClient api, Account listener, String songId, Catalog.Song song) {
    ApiClient.Response r = api.play(listener, songId, "high");
    Instant answered = Instant.now();
    if (r.status() != 200 || r.body() == null || !r.body().hasNonNull("play_id")) {
      throw new IllegalStateException("POST /songs/" + song.songId() + "/play answered " + r.status() + ": " + r.body());
    }
    return new Playback(listener, song, r.body().get("play_id").asText(), r.body().get("bitrate").asInt(), answered);
  }

  /** The first millisecond at or after {@code t}: a play starting then starts after whatever happened at {@code t}. */
  public static Instant nextMilli(Instant t) {
    Instant truncated = t.truncatedTo(ChronoUnit.MILLIS);
    return truncated.equals(t) ? t : truncated.plusMillis(1);
  }

  /** The end of a play: when a client may report it as heard. */
  public static Instant heardAt(Play play) {
    return play.playedAt().plusMillis(play.durationMs());
  }

  /** Waits until the clock has passed the play's end (it cannot have been heard before). */
  public static void awaitHeard(Play play) {
    awaitClock(heardAt(play));
  }

  /** Waits until {@code Instant.now()} is after {@code t}: a wait for that condition, re-checked at least every second. */
  public static void awaitClock(Instant t) {
    while (!Instant.now().isAfter(t)) {
      long ms = Math.min(1_000, Duration.between(Instant.now(), t).toMillis() + 1);
      try {
        Thread.sleep(Math.max(1, ms));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + t, e);
      }
    }
  }
}
