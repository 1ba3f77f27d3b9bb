package io.harmonia.api.redis;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * What the API does with Redis when Redis does not answer: it carries on without it (rate limits
 * fail open, playlists are read from PostgreSQL) and stops asking for a moment.
 *
 * <p>Without this, a Redis that hangs rather than refuses (a paused process, a lost network) would
 * cost every request a full socket timeout, several times over. After a failure the circuit stays
 * open for {@code retryAfter}; then one caller probes while the others still skip Redis; the
 * probe's success closes it. An outage is logged once when it starts and once when it ends, not
 * per request; {@code harmonia_redis_available} and {@code harmonia_redis_skipped_total} tell the rest.
 */
public final class RedisCircuit {

  private static final Logger log = LoggerFactory.getLogger(RedisCircuit.class);

  private final long retryAfterNanos;
  private final AtomicBoolean probing = new AtomicBoolean();
  private final Counter failures;
  private final Counter skipped;
  private volatile long openUntilNanos;
  private volatile boolean open;
  private volatile long openedAtNanos;

  public RedisCircuit(Duration retryAfter, MeterRegistry metrics) {
    this.retryAfterNanos = retryAfter.toNanos();
    this.failures = Counter.builder("harmonia.redis.failures")
        .description("Redis calls that failed (the API carried on without Redis)").register(metrics);
    this.skipped = Counter.builder("harmonia.redis.skipped")
        .description("Redis calls not attempted because Redis was failing").register(metrics);
    Gauge.builder("harmonia.redis.available", this, c -> c.open ? 0 : 1)
        .description("1 while the API uses Redis, 0 while it works around an outage").register(metrics);
  }

  /**
   * Runs {@code call} against Redis, or returns empty when Redis is failing (now, or recently:
   * then the call is not even attempted). {@code what} names the call in the outage's log line.
   */
  public <T> Optional<T> call(String what, Supplier<T> call) {
    boolean probe = false;
    if (open) {
      if (System.nanoTime() < openUntilNanos || !probing.compareAndSet(false, true)) {
        skipped.increment();
        return Optional.empty();
      }
      probe = true;
    }
    try {
      T result = call.get();
      if (open) {
        closed();
      }
      return Optional.ofNullable(result);
    } catch (JedisException e) {
      failed(what, e);
      return Optional.empty();
    } finally {
      if (probe) {
        probing.set(false);
      }
    }
  }

  /** Like {@link #call} for a call whose answer does not matter; false when it did not happen. */
  public boolean run(String what, Runnable call) {
    return call(what, () -> {
      call.run();
      return Boolean.TRUE;
    }).isPresent();
  }

  public boolean isOpen() {
    return open;
  }

  private void failed(String what, JedisException e) {
    failures.increment();
    openUntilNanos = System.nanoTime() + retryAfterNanos;
    if (!open) {
      open = true;
      openedAtNanos = System.nanoTime();
      log.warn("Redis is not answering ({} failed: {}); until it does, rate limits fail open and caches are bypassed",
          what, e.getMessage());
    }
  }

  private synchronized void closed() {
    if (open) {
      open = false;
      log.info("Redis answers again after {} ms; rate limits and caches are back",
          Duration.ofNanos(System.nanoTime() - openedAtNanos).toMillis());
    }
  }
}
