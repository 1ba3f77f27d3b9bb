package io.harmonia.pipelines.plays;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import com.datastax.oss.driver.api.core.type.codec.CodecNotFoundException;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores plays in Cassandra and returns only when every row is acknowledged. Statements run
 * asynchronously, at most {@code maxInFlight} at a time. A statement that fails for a reason that
 * can pass (no node reachable, a timeout, an overloaded or unavailable replica) is retried with a
 * growing back-off, without limit: while Cassandra is down the pipeline waits, the records stay in
 * Kafka, and their offsets are not committed. A statement Cassandra refuses as such (an invalid
 * query, a missing table) fails the write at once: retrying could not help.
 */
final class PlayWriter {

  private static final Logger log = LoggerFactory.getLogger(PlayWriter.class);
  private static final long FIRST_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 5_000;

  private final Supplier<CqlSession> sessions;
  private final int maxInFlight;
  private final int rowsPerBatch;
  private final Runnable onRetry;
  private volatile PlayRows rows;
  private volatile PlayQualifier qualifier;

  PlayWriter(Supplier<CqlSession> sessions, int maxInFlight, int rowsPerBatch, Runnable onRetry) {
    this.sessions = sessions;
    this.maxInFlight = maxInFlight;
    this.rowsPerBatch = rowsPerBatch;
    this.onRetry = onRetry;
  }

  void write(Collection<SourcedPlay> plays) throws InterruptedException {
    if (plays.isEmpty()) {
      return;
    }
    long backoff = FIRST_BACKOFF_MS;
    long firstFailure = 0;
    List<Statement<?>> pending = null;
    while (true) {
      try {
        CqlSession session = sessions.get();
        if (pending == null) {
          // judged inside the retry: a verdict reads and claims in Cassandra, and judging again is idempotent
          pending = rows(session).statements(plays, qualifier(session)::judge);
        }
        pending = executeAll(session, pending);
      } catch (QueryValidationException | CodecNotFoundException e) {
        throw e;
      } catch (RuntimeException e) { // no session: Cassandra unreachable at connect or prepare time
        logRetry(e, pending == null ? plays.size() : pending.size(), firstFailure);
      }
      if (pending != null && pending.isEmpty()) {
        if (firstFailure != 0) {
          log.info("Cassandra writes succeed again after {} s", (System.currentTimeMillis() - firstFailure) / 1000);
        }
        return;
      }
      firstFailure = firstFailure == 0 ? System.currentTimeMillis() : firstFailure;
      onRetry.run();
      Thread.sleep(backoff);
      backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
    }
  }

  private PlayQualifier qualifier(CqlSession session) {
    PlayQualifier q = qualifier;
    if (q == null) {
      q = new PlayQualifier(session);
      qualifier = q;
    }
    return q;
  }

  private PlayRows rows(CqlSession session) {
    PlayRows r = rows;
    if (r == null) {
      r = new PlayRows(session.prepare(PlayRows.INSERT_BY_USER), session.prepare(PlayRows.INSERT_BY_DAY), rowsPerBatch);
      rows = r;
    }
    return r;
  }

  /** Runs the statements; returns those that failed and may succeed later. */
  private List<Statement<?>> executeAll(CqlSession session, List<Statement<?>> statements) throws InterruptedException {
    Semaphore inFlight = new Semaphore(maxInFlight);
    List<Statement<?>> retry = Collections.synchronizedList(new ArrayList<>());
    AtomicReference<RuntimeException> fatal = new AtomicReference<>();
    AtomicReference<Throwable> sample = new AtomicReference<>();
    for (Statement<?> statement : statements) {
      inFlight.acquire();
      if (fatal.get() != null) {
        inFlight.release();
        break;
      }
      session.executeAsync(statement).whenComplete((result, failure) -> {
        if (failure instanceof QueryValidationException || failure instanceof CodecNotFoundException) {
          fatal.compareAndSet(null, (RuntimeException) failure);
        } else if (failure != null) {
          sample.compareAndSet(null, failure);
          retry.add(statement);
        }
        inFlight.release();
      });
    }
    inFlight.acquire(maxInFlight); // every statement has completed
    if (fatal.get() != null) {
      throw fatal.get();
    }
    if (!retry.isEmpty()) {
      log.warn("{} of {} Cassandra writes failed ({}); retrying them", retry.size(), statements.size(), sample.get().toString());
    }
    return retry;
  }

  private static void logRetry(RuntimeException e, int pending, long firstFailure) {
    long since = firstFailure == 0 ? 0 : (System.currentTimeMillis() - firstFailure) / 1000;
    log.warn("Cassandra unavailable for {} s ({}); {} writes wait", since, e.toString(), pending);
  }
}
