package io.harmonia.api.plays;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.harmonia.api.http.ApiProblem;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's Cassandra session, connected in the background: the API starts (and serves everything
 * else) while Cassandra is still starting or down, answers 503 on the routes that need it, and
 * reports it on /health. Once connected, the driver itself reconnects after an outage.
 */
public final class CassandraConnection implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CassandraConnection.class);
  private static final long MAX_RETRY_DELAY_MS = 15_000;

  private final Supplier<CqlSession> connector;
  private final ScheduledExecutorService connecting = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "cassandra-connect");
    t.setDaemon(true);
    return t;
  });
  private final CountDownLatch firstAttempt = new CountDownLatch(1);
  private volatile CqlSession session;
  private volatile String lastError = "not connected yet";

  public CassandraConnection(Supplier<CqlSession> connector) {
    this.connector = connector;
    connecting.execute(() -> attempt(1000));
  }

  private void attempt(long nextDelayMs) {
    try {
      session = connector.get();
      log.info("connected to Cassandra");
    } catch (RuntimeException e) {
      lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
      log.warn("Cassandra is not reachable ({}); trying again in {} ms", lastError, nextDelayMs);
      connecting.schedule(() -> attempt(Math.min(MAX_RETRY_DELAY_MS, nextDelayMs * 2)), nextDelayMs,
          TimeUnit.MILLISECONDS);
    } finally {
      firstAttempt.countDown();
    }
  }

  /** Waits for the first connection attempt to finish; true when it connected. */
  public boolean awaitFirstAttempt(Duration timeout) throws InterruptedException {
    firstAttempt.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return session != null;
  }

  /** The session, or a 503 problem while there is none. */
  public CqlSession session() {
    CqlSession s = session;
    if (s == null) {
      throw new ApiProblem(503, "cassandra-unavailable", "Service unavailable",
          "play history is unavailable: Cassandra is not reachable (" + lastError + ")");
    }
    return s;
  }

  /** Health: a read of the node's own row answers. */
  public void check() {
    CqlSession s = session;
    if (s == null) {
      throw new IllegalStateException(lastError);
    }
    s.execute(SimpleStatement.newInstance("SELECT release_version FROM system.local")
        .setTimeout(Duration.ofMillis(1500)));
  }

  @Override
  public void close() {
    connecting.shutdownNow();
    CqlSession s = session;
    if (s != null) {
      s.close();
    }
  }
}
