package io.harmonia.api.ratelimit;

/**
 * Tokens one API process has already taken from a client's Redis bucket and not yet spent. Each
 * was paid for in Redis, so spending them here never lets a client past its limit; the price is
 * that tokens a process holds when the client goes quiet (or to another process) are lost to the
 * client, at most a lease's worth per process.
 *
 * <p>The lease is topped up before it runs dry: the request that takes it below the low-water mark
 * asks Redis for more while the requests beside it keep spending what is held. Waiting until it is
 * empty would send every concurrent request of a busy client to Redis at the same moment, and
 * stall them all together.
 */
final class TokenLease {

  /** What taking a token found. */
  enum Take {
    /** Spent one held token. */
    SPENT,
    /** Spent one, and the lease is low: the caller should top it up. */
    SPENT_TOP_UP,
    /** None held: the caller must ask Redis for its own. */
    EMPTY
  }

  private final int lowWater;
  private int tokens;
  private long bucketLeft;
  private boolean toppingUp;

  /** @param lowWater top up when fewer than this many tokens are held (0: only when empty) */
  TokenLease(int lowWater) {
    this.lowWater = lowWater;
  }

  synchronized Take take() {
    if (tokens == 0) {
      return Take.EMPTY;
    }
    tokens--;
    if (tokens < lowWater && !toppingUp) {
      toppingUp = true;
      return Take.SPENT_TOP_UP;
    }
    return Take.SPENT;
  }

  /** Keeps {@code surplus} more tokens and what Redis says is left; ends a top-up in progress. */
  synchronized void keep(int surplus, long leftInBucket) {
    tokens += surplus;
    bucketLeft = leftInBucket;
  }

  /** After a top-up, whatever it brought (nothing, when Redis did not answer). */
  synchronized void toppedUp() {
    toppingUp = false;
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
