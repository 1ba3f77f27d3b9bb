package io.harmonia.api.ratelimit;

/**
 * Tokens one API process has already taken from a client's Redis bucket and not yet spent. Each
 * was paid for in Redis, so spending them here never lets a client past its limit; the price is
 * that tokens a process holds when the client goes quiet (or to another process) are lost to the
 * client, at most a lease's worth per process.
 */
final class TokenLease {

  private int tokens;
  private long bucketLeft;

  /** Spends one held token; false when none is held. */
  synchronized boolean take() {
    if (tokens == 0) {
      return false;
    }
    tokens--;
    return true;
  }

  /** Keeps {@code surplus} more tokens (granted beyond the one being spent) and what Redis says is left. */
  synchronized void keep(int surplus, long leftInBucket) {
    tokens += surplus;
    bucketLeft = leftInBucket;
  }

  /** What the client may still send right away, as far as this process knows: held plus left in Redis. */
  synchronized long remaining() {
    return tokens + bucketLeft;
  }

  /** Seconds to announce in Retry-After for a wait in milliseconds: whole seconds, at least 1. */
  static long retryAfterSeconds(long waitMs) {
    return Math.max(1, (waitMs + 999) / 1000);
  }
}
