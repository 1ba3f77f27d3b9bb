package io.harmonia.search;

import java.time.Duration;

/** Growing waits between attempts against a store that is down: doubles up to a cap, resets on success. */
public final class Backoff {

  private final long initialMs;
  private final long maxMs;
  private long nextMs;

  public Backoff(Duration initial, Duration max) {
    this.initialMs = initial.toMillis();
    this.maxMs = max.toMillis();
    this.nextMs = initialMs;
  }

  /** The wait before the next attempt (and the one after it doubles). */
  public Duration next() {
    long wait = nextMs;
    nextMs = Math.min(maxMs, nextMs * 2);
    return Duration.ofMillis(wait);
  }

  public void reset() {
    nextMs = initialMs;
  }

  /** Sleeps; false when interrupted (the caller is being stopped). */
  public static boolean pause(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
