package io.harmonia.system.plays;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.harmonia.schemas.PlayBuckets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The baseline of the pipeline's throughput: the same two rows per play written straight with the
 * driver, as single-row prepared inserts, asynchronously with a bounded number in flight. What a
 * hand-written consumer would do, without Kafka, parsing, validation or offset commits.
 */
final class RawInserts {

  private final CqlSession session;
  private final PreparedStatement byUser;
  private final PreparedStatement byDay;
  private final int maxInFlight;

  RawInserts(CqlSession session, int maxInFlight) {
    this.session = session;
    this.maxInFlight = maxInFlight;
    this.byUser = session.prepare("INSERT INTO plays_by_user (user_id, played_at, event_id, song_id, duration_ms,"
        + " bitrate, subscription, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    this.byDay = session.prepare("INSERT INTO plays_by_day (day, bucket, event_id, user_id, song_id, played_at,"
        + " duration_ms, bitrate, subscription, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  }

  /** Writes both rows of every play; returns plays per second. */
  double write(List<Play> plays, Instant receivedAt) throws InterruptedException {
    Semaphore inFlight = new Semaphore(maxInFlight);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long start = System.nanoTime();
    for (Play p : plays) {
      UUID id = UUID.fromString(p.eventId());
      submit(inFlight, failure, byUser.bind(p.userId(), p.playedAt(), id, p.songId(), (int) p.durationMs(), p.bitrate(),
          p.subscription(), receivedAt));
      submit(inFlight, failure, byDay.bind(PlayBuckets.day(p.playedAt()), PlayBuckets.of(id), id, p.userId(), p.songId(),
          p.playedAt(), (int) p.durationMs(), p.bitrate(), p.subscription(), receivedAt));
    }
    inFlight.acquire(maxInFlight);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (failure.get() != null) {
      throw new IllegalStateException("baseline inserts failed", failure.get());
    }
    return plays.size() / seconds;
  }

  private void submit(Semaphore inFlight, AtomicReference<Throwable> failure,
      com.datastax.oss.driver.api.core.cql.BoundStatement statement) throws InterruptedException {
    inFlight.acquire();
    session.executeAsync(statement.setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM).setIdempotent(true))
        .whenComplete((rs, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          }
          inFlight.release();
        });
  }
}
