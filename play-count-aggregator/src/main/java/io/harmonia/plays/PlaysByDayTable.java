package io.harmonia.plays;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Cassandra {@code plays_by_day}: partition {@code (day, bucket)}, one row per event id. A UTC day
 * (of {@code played_at}) is spread over {@link #BUCKETS} buckets, so reading a day means reading
 * all of them; the event id is the clustering key, so a replayed event is one row.
 */
public final class PlaysByDayTable {

  /** Buckets per day: {@code bucket = hash(event_id) mod 16} (the writer's function; readers need only the range). */
  public static final int BUCKETS = 16;

  private static final int PAGE_SIZE = 5_000;

  private final CqlSession session;
  private final PreparedStatement selectPartition;

  public PlaysByDayTable(CqlSession session) {
    this.session = session;
    // QUORUM reads see every write the pipeline acknowledged at QUORUM, even with RF 3.
    this.selectPartition = session.prepare(
        "SELECT event_id, user_id, song_id, played_at, duration_ms, subscription, qualified, rule, received_at"
            + " FROM plays_by_day WHERE day = ? AND bucket = ?");
  }

  /** The UTC day a play is stored under. */
  public static LocalDate dayOf(Instant playedAt) {
    return LocalDate.ofInstant(playedAt, ZoneOffset.UTC);
  }

  /**
   * Reads one partition page by page, handing each play to the visitor.
   *
   * @return what was read: rows, and those that were not complete plays (skipped)
   */
  public PartitionRead read(LocalDate day, int bucket, Consumer<Play> visitor) {
    long rows = 0;
    long malformed = 0;
    for (Row row : session.execute(selectPartition.bind(day, bucket)
        .setPageSize(PAGE_SIZE)
        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
      rows++;
      Play play = toPlay(row);
      if (play == null) {
        malformed++;
      } else {
        visitor.accept(play);
      }
    }
    return new PartitionRead(rows, malformed);
  }

  /** Rows read from a partition, and how many of them lacked a field a play needs. */
  public record PartitionRead(long rows, long malformed) {}

  private static Play toPlay(Row row) {
    UUID eventId = row.getUuid("event_id");
    String userId = row.getString("user_id");
    String songId = row.getString("song_id");
    Instant playedAt = row.getInstant("played_at");
    String subscription = row.getString("subscription");
    if (eventId == null || userId == null || songId == null || playedAt == null || subscription == null
        || row.isNull("duration_ms")) {
      return null;
    }
    Boolean qualified = row.isNull("qualified") ? null : row.getBoolean("qualified");
    return new Play(eventId.toString(), userId, songId, playedAt, row.getInt("duration_ms"), subscription,
        qualified, row.getString("rule"), row.getInstant("received_at"));
  }
}
