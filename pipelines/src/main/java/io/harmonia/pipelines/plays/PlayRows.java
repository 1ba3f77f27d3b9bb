package io.harmonia.pipelines.plays;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.harmonia.pipelines.plays.PlayQualification.Verdict;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The Cassandra writes of a set of plays: one row per play in {@code plays_by_user} and one in
 * {@code plays_by_day}, each with its royalty verdict ({@link PlayQualification}), grouped into unlogged batches per partition. A batch of one partition is
 * applied by one replica set as one mutation, which is several times faster than as many single
 * inserts; batches never span partitions (that would make one coordinator do everyone's work).
 * Every statement is idempotent: the event id is in both primary keys.
 */
final class PlayRows {

  static final String INSERT_BY_USER = "INSERT INTO plays_by_user (user_id, played_at, event_id, song_id,"
      + " duration_ms, bitrate, subscription, received_at, play_id, qualified, rule)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  static final String INSERT_BY_DAY = "INSERT INTO plays_by_day (day, bucket, event_id, user_id, song_id,"
      + " played_at, duration_ms, bitrate, subscription, received_at, play_id, qualified, rule)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final PreparedStatement byUser;
  private final PreparedStatement byDay;
  private final int rowsPerBatch;

  PlayRows(PreparedStatement byUser, PreparedStatement byDay, int rowsPerBatch) {
    this.byUser = byUser;
    this.byDay = byDay;
    this.rowsPerBatch = rowsPerBatch;
  }

  /**
   * The statements that store these plays with their verdicts: per table, one per partition chunk
   * of {@link #chunks}. {@code judge} gives each event's verdict (every event once, in topic order).
   */
  List<Statement<?>> statements(Collection<SourcedPlay> plays, Function<Collection<PlayEvent>, Map<UUID, Verdict>> judge) {
    Collection<PlayEvent> unique = latestPerEvent(plays);
    Map<UUID, Verdict> verdicts = judge.apply(unique);
    List<Statement<?>> statements = new ArrayList<>();
    for (List<PlayEvent> chunk : chunks(unique, PlayEvent::userId, rowsPerBatch)) {
      statements.add(statement(chunk.stream().map(p -> byUser(p, verdicts.get(p.eventId()))).toList()));
    }
    for (List<PlayEvent> chunk : chunks(unique, p -> p.day() + "/" + p.bucket(), rowsPerBatch)) {
      statements.add(statement(chunk.stream().map(p -> byDay(p, verdicts.get(p.eventId()))).toList()));
    }
    return statements;
  }

  /**
   * Each event once, from its last record: a client's retry can put an event in the topic twice,
   * and one write per event is enough (the key would make the second a no-op anyway).
   */
  static Collection<PlayEvent> latestPerEvent(Collection<SourcedPlay> plays) {
    Map<UUID, PlayEvent> unique = new LinkedHashMap<>();
    plays.stream().sorted(Comparator.comparingInt(SourcedPlay::partition).thenComparingLong(SourcedPlay::offset))
        .forEach(p -> unique.put(p.play().eventId(), p.play()));
    return unique.values();
  }

  /** The plays grouped by partition key, each group cut into chunks of at most {@code size}. */
  static List<List<PlayEvent>> chunks(Collection<PlayEvent> plays, Function<PlayEvent, String> partition, int size) {
    Map<String, List<PlayEvent>> byPartition = new LinkedHashMap<>();
    for (PlayEvent play : plays) {
      byPartition.computeIfAbsent(partition.apply(play), k -> new ArrayList<>()).add(play);
    }
    List<List<PlayEvent>> chunks = new ArrayList<>();
    for (List<PlayEvent> rows : byPartition.values()) {
      for (int from = 0; from < rows.size(); from += size) {
        chunks.add(rows.subList(from, Math.min(rows.size(), from + size)));
      }
    }
    return chunks;
  }

  private static Statement<?> statement(List<BoundStatement> rows) {
    return rows.size() == 1 ? rows.get(0) : batch(rows);
  }

  private static Statement<?> batch(List<BoundStatement> rows) {
    return BatchStatement.newInstance(BatchType.UNLOGGED, List.<BatchableStatement<?>>copyOf(rows))
        .setIdempotent(true)
        .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM);
  }

  BoundStatement byUser(PlayEvent p, Verdict v) {
    return byUser.bind(p.userId(), p.playedAt(), p.eventId(), p.songId(), p.durationMs(), p.bitrate(),
            p.subscription(), p.receivedAt(), p.playId(), v.qualified(), v.rule())
        .setIdempotent(true)
        .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM);
  }

  BoundStatement byDay(PlayEvent p, Verdict v) {
    return byDay.bind(p.day(), p.bucket(), p.eventId(), p.userId(), p.songId(), p.playedAt(), p.durationMs(),
            p.bitrate(), p.subscription(), p.receivedAt(), p.playId(), v.qualified(), v.rule())
        .setIdempotent(true)
        .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM);
  }
}
