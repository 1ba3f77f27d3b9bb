package io.harmonia.api.search;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker in front of Elasticsearch. Closed, requests go to Elasticsearch. The first
 * failure opens it: requests go straight to the fallback without waiting on a dead cluster, and a
 * single background probe (a quick request with a short timeout) runs every probe interval; the
 * first probe that succeeds closes the breaker. Only the probe touches Elasticsearch while it is
 * open, so its recovery is not met by every request at once.
 */
public final class ElasticsearchBreaker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ElasticsearchBreaker.class);

  /** The probe: returns when Elasticsearch answers, throws when it does not. */
  @FunctionalInterface
  public interface Probe {
    void run() throws Exception;
  }

  private final AtomicBoolean open = new AtomicBoolean();
  private final Probe probe;
  private final Duration probeInterval;
  private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "elasticsearch-probe");
    t.setDaemon(true);
    return t;
  });

  public ElasticsearchBreaker(Probe probe, Duration probeInterval) {
    this.probe = probe;
    this.probeInterval = probeInterval;
  }

  public boolean isOpen() {
    return open.get();
  }

  /** A request to Elasticsearch failed: open (once) and start probing. */
  public void recordFailure(Exception cause) {
    if (open.compareAndSet(false, true)) {
      log.warn("Elasticsearch failed ({}); searching PostgreSQL until it answers again", cause.toString());
      scheduleProbe();
    }
  }

  private void scheduleProbe() {
    try {
      prober.schedule(this::probeOnce, probeInterval.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  private void probeOnce() {
    try {
      probe.run();
      open.set(false);
      log.info("Elasticsearch answers again; search uses it");
    } catch (Exception e) {
      log.debug("Elasticsearch probe failed: {}", e.toString());
      scheduleProbe();
    }
  }

  @Override
  public void close() {
    prober.shutdownNow();
  }
}
