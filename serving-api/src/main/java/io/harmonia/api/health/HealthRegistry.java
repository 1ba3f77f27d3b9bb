package io.harmonia.api.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's dependencies and how to probe each. Probes run in parallel with a timeout, so one hung
 * store makes /health slow by at most the timeout, not by the sum. A dependency going down or
 * coming back is logged once, when it changes.
 */
public final class HealthRegistry implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HealthRegistry.class);

  private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
  private final Map<String, Boolean> lastUp = new ConcurrentHashMap<>();
  private final Duration timeout;
  private final ExecutorService probes = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "health-probe");
    t.setDaemon(true);
    return t;
  });

  public HealthRegistry(Duration timeout) {
    this.timeout = timeout;
  }

  public HealthRegistry register(String dependency, HealthCheck check) {
    checks.put(dependency, check);
    return this;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Status(String status, long latencyMs, String error) {
    public boolean up() {
      return "UP".equals(status);
    }
  }

  public record Report(String status, Map<String, Status> checks) {
    public boolean up() {
      return "UP".equals(status);
    }
  }

  public Report check() {
    Map<String, Future<Status>> running = new LinkedHashMap<>();
    checks.forEach((name, check) -> running.put(name, probes.submit(() -> probe(check))));
    Map<String, Status> results = new LinkedHashMap<>();
    running.forEach((name, future) -> results.put(name, outcome(future)));
    results.forEach(this::logChange);
    boolean allUp = results.values().stream().allMatch(Status::up);
    return new Report(allUp ? "UP" : "DOWN", results);
  }

  private static Status probe(HealthCheck check) {
    long start = System.nanoTime();
    try {
      check.check();
      return new Status("UP", elapsedMs(start), null);
    } catch (Exception e) {
      return new Status("DOWN", elapsedMs(start), e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private Status outcome(Future<Status> future) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      return new Status("DOWN", timeout.toMillis(), "no answer within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Status("DOWN", 0, "interrupted");
    } catch (ExecutionException e) {
      return new Status("DOWN", 0, String.valueOf(e.getCause()));
    }
  }

  private void logChange(String name, Status status) {
    Boolean before = lastUp.put(name, status.up());
    if (before == null ? !status.up() : before != status.up()) {
      if (status.up()) {
        log.info("health: {} is UP again", name);
      } else {
        log.warn("health: {} is DOWN ({})", name, status.error());
      }
    }
  }

  private static long elapsedMs(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  @Override
  public void close() {
    probes.shutdownNow();
  }
}
