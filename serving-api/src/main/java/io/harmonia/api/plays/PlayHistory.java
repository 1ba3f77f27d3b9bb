package io.harmonia.api.plays;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A listener's plays, newest first, from Cassandra {@code plays_by_user} (partition {@code user_id},
 * clustering {@code played_at DESC, event_id ASC}).
 *
 * <p>The page after a cursor {@code (t, e)} is the rest of the plays at {@code t} with an event id
 * after {@code e}, then the plays before {@code t}: two single-column slices, because CQL's tuple
 * comparison orders {@code (played_at, event_id)} by value, not by this mixed clustering order.
 */
public final class PlayHistory {

  private static final String COLUMNS = "SELECT event_id, played_at, song_id, duration_ms, bitrate, qualified, rule FROM plays_by_user";

  private final CassandraConnection cassandra;
  private volatile Statements statements;

  public PlayHistory(CassandraConnection cassandra) {
    this.cassandra = cassandra;
  }

  /** Plays stored before royalty verdicts were: they counted when they lasted this long. */
  static final int LEGACY_QUALIFYING_MS = 30_000;

  /**
   * One stored play, with its royalty verdict: whether it counts for royalties and, when it does
   * not, the rule it failed (the pipeline's, see PlayQualification). A play stored before verdicts
   * existed counts by the rule of its time (30 s listened).
   */
  public record Play(UUID eventId, Instant playedAt, String songId, int durationMs, int bitrate, boolean qualified,
      String rule) {
    PlayCursor cursor() {
      return new PlayCursor(playedAt, eventId);
    }
  }

  private record Statements(PreparedStatement newest, PreparedStatement sameTimeAfter, PreparedStatement before) {}

  /** At most {@code limit} plays of the user, newest first, after the cursor when there is one. */
  public List<Play> newest(String userId, PlayCursor after, int limit) {
    CqlSession session = cassandra.session();
    Statements st = statements(session);
    List<Play> plays = new ArrayList<>(limit);
    if (after == null) {
      read(session, st.newest().bind(userId, limit), plays);
      return plays;
    }
    read(session, st.sameTimeAfter().bind(userId, after.playedAt(), after.eventId(), limit), plays);
    if (plays.size() < limit) {
      read(session, st.before().bind(userId, after.playedAt(), limit - plays.size()), plays);
    }
    return plays;
  }

  private static void read(CqlSession session, com.datastax.oss.driver.api.core.cql.BoundStatement statement,
      List<Play> into) {
    for (Row row : session.execute(statement)) {
      int duration = row.getInt("duration_ms");
      boolean legacy = row.isNull("qualified");
      boolean qualified = legacy ? duration >= LEGACY_QUALIFYING_MS : row.getBoolean("qualified");
      String rule = legacy ? (qualified ? null : "too-short") : row.getString("rule");
      into.add(new Play(row.getUuid("event_id"), row.getInstant("played_at"), row.getString("song_id"),
          duration, row.getInt("bitrate"), qualified, rule));
    }
  }

  private Statements statements(CqlSession session) {
    Statements st = statements;
    if (st == null) {
      st = new Statements(
          session.prepare(COLUMNS + " WHERE user_id = ? LIMIT ?"),
          session.prepare(COLUMNS + " WHERE user_id = ? AND played_at = ? AND event_id > ? LIMIT ?"),
          session.prepare(COLUMNS + " WHERE user_id = ? AND played_at < ? LIMIT ?"));
      statements = st;
    }
    return st;
  }
}
