package io.harmonia.pipelines.plays;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import io.harmonia.pipelines.plays.PlayQualification.Span;
import io.harmonia.pipelines.plays.PlayQualification.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The verdicts of a set of plays ({@link PlayQualification}): the rules that need only the event,
 * then the two that need what is stored — whether another event claimed the play_id, and whether
 * the play would overlap the listener's qualified plays.
 *
 * <p>Why this is deterministic: the topic is keyed by user, so one listener's events come from one
 * partition, in offset order, to one task, with no shuffle before the write; the plays of a batch
 * are judged user by user in that order, each against the stored qualified plays and those of the
 * batch judged before it. A replay (offsets not committed after a crash) judges an event against
 * a superset of what it was judged against the first time, all of it consistent with that first
 * verdict, and so comes to the same one: its own rows and its own claim are recognised by event id.
 * The claim itself is a lightweight transaction ({@code INSERT ... IF NOT EXISTS}), so even two
 * writers racing (a partition moved between executors) cannot both be paid for one play_id.
 *
 * <p>Overlap is looked for among the listener's plays that started up to {@link #LOOKBACK} before:
 * a qualified play is no longer than its song, and no song of the catalog lasts that long.
 */
final class PlayQualifier {

  static final Duration LOOKBACK = Duration.ofHours(6);

  private static final ExecutorService USERS = Executors.newFixedThreadPool(8, r -> {
    Thread t = new Thread(r, "play-qualifier");
    t.setDaemon(true);
    return t;
  });

  private final CqlSession session;
  private final PreparedStatement recentPlays;
  private final PreparedStatement claimOf;
  private final PreparedStatement claim;

  PlayQualifier(CqlSession session) {
    this.session = session;
    this.recentPlays = session.prepare("SELECT event_id, played_at, duration_ms, qualified FROM plays_by_user"
        + " WHERE user_id = ? AND played_at >= ? AND played_at <= ?");
    this.claimOf = session.prepare("SELECT event_id FROM play_claims WHERE play_id = ?");
    this.claim = session.prepare("INSERT INTO play_claims (play_id, user_id, event_id, claimed_at) VALUES (?, ?, ?, ?)"
        + " IF NOT EXISTS");
  }

  /** The verdict of each play (by event id); the plays are in topic order, each event once. */
  Map<UUID, Verdict> judge(Collection<PlayEvent> plays) {
    Map<UUID, Verdict> verdicts = new HashMap<>();
    Map<String, List<PlayEvent>> candidates = new LinkedHashMap<>();
    for (PlayEvent play : plays) {
      String rule = PlayQualification.statelessRule(play);
      if (rule != null) {
        verdicts.put(play.eventId(), Verdict.failed(rule));
      } else {
        candidates.computeIfAbsent(play.userId(), u -> new ArrayList<>()).add(play);
      }
    }
    List<CompletableFuture<Map<UUID, Verdict>>> perUser = new ArrayList<>();
    for (List<PlayEvent> userPlays : candidates.values()) {
      perUser.add(CompletableFuture.supplyAsync(() -> judgeUser(userPlays), USERS));
    }
    try {
      perUser.forEach(f -> verdicts.putAll(f.join()));
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    return verdicts;
  }

  private Map<UUID, Verdict> judgeUser(List<PlayEvent> plays) {
    Map<UUID, Verdict> verdicts = new HashMap<>();
    Instant from = plays.stream().map(PlayEvent::playedAt).min(Instant::compareTo).orElseThrow().minus(LOOKBACK);
    Instant to = plays.stream().map(p -> p.playedAt().plusMillis(p.durationMs())).max(Instant::compareTo).orElseThrow();
    Map<UUID, Span> qualified = new LinkedHashMap<>();
    ResultSet stored = session.execute(recentPlays.bind(plays.get(0).userId(), from, to)
        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
    for (Row row : stored) {
      Boolean q = row.isNull("qualified") ? null : row.getBoolean("qualified");
      int duration = row.getInt("duration_ms");
      if (q == null ? PlayQualification.legacyQualified(duration) : q) {
        qualified.put(row.getUuid("event_id"), Span.of(row.getInstant("played_at"), duration));
      }
    }
    for (PlayEvent play : plays) {
      Verdict verdict = judgeOne(play, qualified);
      verdicts.put(play.eventId(), verdict);
      if (verdict.qualified()) {
        qualified.put(play.eventId(), Span.of(play.playedAt(), play.durationMs()));
      } else {
        qualified.remove(play.eventId()); // a stored row of an earlier attempt is not another play
      }
    }
    return verdicts;
  }

  private Verdict judgeOne(PlayEvent play, Map<UUID, Span> qualified) {
    Row claimed = session.execute(claimOf.bind(play.playId()).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)).one();
    if (claimed != null && !play.eventId().equals(claimed.getUuid("event_id"))) {
      return Verdict.failed(PlayQualification.PLAY_ID_REUSED);
    }
    List<Span> others = new ArrayList<>();
    qualified.forEach((eventId, span) -> {
      if (!eventId.equals(play.eventId())) {
        others.add(span);
      }
    });
    if (PlayQualification.overlaps(Span.of(play.playedAt(), play.durationMs()), others)) {
      return Verdict.failed(PlayQualification.OVERLAPPING);
    }
    if (claimed == null) {
      Row outcome = session.execute(claim.bind(play.playId(), play.userId(), play.eventId(), play.receivedAt())).one();
      boolean applied = outcome != null && outcome.getBoolean("[applied]");
      if (!applied && outcome != null && !play.eventId().equals(outcome.getUuid("event_id"))) {
        return Verdict.failed(PlayQualification.PLAY_ID_REUSED);
      }
    }
    return Verdict.QUALIFIED;
  }
}
