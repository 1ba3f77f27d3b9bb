package io.harmonia.playcounts;

import io.harmonia.clients.RetriedTransactions;
import io.harmonia.schemas.catalog.CatalogOutbox;
import io.harmonia.schemas.catalog.SearchDocuments;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Play counts in PostgreSQL: {@code song_play_counts} keyed by (song, window), the
 * {@code songs.play_count} sums, and the outbox rows that take changed counts to search — all in
 * one transaction per write, so a failed write leaves nothing behind and a retried one is safe.
 *
 * <p>Counts are full window counts: writing one replaces the stored value (a re-fired or replayed
 * window never adds). A row changes only when its value differs; a song's sum is refreshed, and an
 * outbox row written, only when one of its windows changed and the sum moved with it.
 */
public final class PlayCountStore {

  private static final Logger LOG = LoggerFactory.getLogger(PlayCountStore.class);
  private static final int ATTEMPTS = 3;

  private final DataSource db;

  public PlayCountStore(DataSource db) {
    this.db = db;
  }

  /** What one write did. Counts of plays for songs missing from the catalog are reported, never stored. */
  public record WriteResult(long windowsInserted, long windowsUpdated, long windowsDeleted, long unknownSongs,
      long unknownSongPlays, long songsChanged, long outboxRows) {}

  /**
   * Makes the windows starting in [from, to) hold exactly these counts: upserts each, and deletes
   * the stored windows of that range the counts no longer have. For a recount of a range.
   */
  public WriteResult replaceRange(Instant from, Instant to, Collection<WindowCount> counts) throws SQLException {
    for (WindowCount count : counts) {
      if (count.windowStart().isBefore(from) || !count.windowStart().isBefore(to)) {
        throw new IllegalArgumentException("window " + count.windowStart() + " is outside [" + from + ", " + to + ")");
      }
    }
    return inTransaction(c -> write(c, counts, from, to));
  }

  /**
   * Raises the stored windows to these counts where they are higher, deleting nothing. For the
   * stream: a window's true count only grows, and each firing of an accumulating pane carries the
   * window's count so far, so a higher count is newer. A stream that restarted without its state
   * or replayed part of a window sees fewer plays than were stored: its lower count is ignored
   * (the recount from Cassandra, which replaces, is what makes a window exact).
   */
  public WriteResult raise(Collection<WindowCount> counts) throws SQLException {
    return inTransaction(c -> write(c, counts, null, null));
  }

  private WriteResult inTransaction(RetriedTransactions.Work<WriteResult> work) throws SQLException {
    return RetriedTransactions.run(db, ATTEMPTS, "play-count write", work);
  }

  private WriteResult write(Connection c, Collection<WindowCount> counts, Instant from, Instant to)
      throws SQLException {
    long t0 = System.nanoTime();
    stage(c, latestPerWindow(counts));
    long[] unknown = unknownSongs(c);
    long t1 = System.nanoTime();
    TreeSet<String> touchedSongs = new TreeSet<>();
    long[] upserted = upsertStaged(c, touchedSongs, from == null);
    long deleted = from == null ? 0 : deleteUnstaged(c, from, to, touchedSongs);
    long t2 = System.nanoTime();
    List<String> changedSongs = refreshSongTotals(c, touchedSongs);
    int outboxRows = CatalogOutbox.writeUpserts(c, SearchDocuments.songs(c, changedSongs), Instant.now());
    LOG.debug("play-count write: staged {} counts in {} ms, windows written in {} ms, songs and outbox in {} ms",
        counts.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
    return new WriteResult(upserted[0], upserted[1], deleted, unknown[0], unknown[1], changedSongs.size(), outboxRows);
  }

  /** One count per (song, window): with accumulating panes, a later firing holds at least as many plays. */
  private static Collection<WindowCount> latestPerWindow(Collection<WindowCount> counts) {
    Map<String, WindowCount> latest = new HashMap<>();
    for (WindowCount count : counts) {
      latest.merge(count.songId() + '|' + count.windowStart().toEpochMilli(), count,
          (a, b) -> a.playCount() >= b.playCount() ? a : b);
    }
    return latest.values();
  }

  /** Stages the counts in a temporary table with COPY (one round trip, however many counts). */
  private static void stage(Connection c, Collection<WindowCount> counts) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TEMP TABLE incoming_counts (song_id text NOT NULL, window_start timestamptz NOT NULL,"
          + " window_end timestamptz NOT NULL, play_count bigint NOT NULL, PRIMARY KEY (song_id, window_start))"
          + " ON COMMIT DROP");
    }
    StringBuilder csv = new StringBuilder(counts.size() * 72);
    for (WindowCount count : counts) {
      csv.append('"').append(count.songId().replace("\"", "\"\"")).append("\",")
          .append(count.windowStart()).append(',').append(count.windowEnd()).append(',')
          .append(count.playCount()).append('\n');
    }
    try {
      c.unwrap(PGConnection.class).getCopyAPI().copyIn(
          "COPY incoming_counts (song_id, window_start, window_end, play_count) FROM STDIN (FORMAT csv)",
          new StringReader(csv.toString()));
    } catch (IOException e) {
      throw new SQLException("cannot stage the window counts", e);
    }
    try (Statement s = c.createStatement()) {
      // the planner's row estimates for the statements that follow
      s.execute("ANALYZE incoming_counts");
    }
  }

  /** Songs counted but missing from the catalog (the foreign key refuses them): {songs, plays}. */
  private static long[] unknownSongs(Connection c) throws SQLException {
    List<String> examples = new ArrayList<>();
    long songs = 0;
    long plays = 0;
    try (PreparedStatement q = c.prepareStatement(
        "SELECT i.song_id, sum(i.play_count) FROM incoming_counts i"
            + " WHERE NOT EXISTS (SELECT 1 FROM songs s WHERE s.song_id = i.song_id)"
            + " GROUP BY i.song_id ORDER BY i.song_id");
        ResultSet r = q.executeQuery()) {
      while (r.next()) {
        songs++;
        plays += r.getLong(2);
        if (examples.size() < 10) {
          examples.add(r.getString(1));
        }
      }
    }
    if (songs > 0) {
      LOG.warn("{} plays of {} songs missing from the catalog were not stored (e.g. {})", plays, songs, examples);
    }
    return new long[] {songs, plays};
  }

  /** Upserts the staged counts that differ from (or, raising, exceed) the stored ones: {inserted, updated}. */
  private static long[] upsertStaged(Connection c, Collection<String> touchedSongs, boolean raiseOnly)
      throws SQLException {
    long inserted = 0;
    long updated = 0;
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO song_play_counts AS p (song_id, window_start, window_end, play_count)"
            + " SELECT i.song_id, i.window_start, i.window_end, i.play_count FROM incoming_counts i"
            + " WHERE EXISTS (SELECT 1 FROM songs s WHERE s.song_id = i.song_id)"
            + " ORDER BY i.song_id, i.window_start"
            + " ON CONFLICT (song_id, window_start) DO UPDATE"
            + " SET window_end = EXCLUDED.window_end, play_count = EXCLUDED.play_count, updated_at = now()"
            + (raiseOnly
                ? " WHERE p.play_count < EXCLUDED.play_count"
                : " WHERE (p.window_end, p.play_count) IS DISTINCT FROM (EXCLUDED.window_end, EXCLUDED.play_count)")
            + " RETURNING p.song_id, (p.xmax = 0)");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        touchedSongs.add(r.getString(1));
        if (r.getBoolean(2)) {
          inserted++;
        } else {
          updated++;
        }
      }
    }
    return new long[] {inserted, updated};
  }

  private static long deleteUnstaged(Connection c, Instant from, Instant to, Collection<String> touchedSongs)
      throws SQLException {
    long deleted = 0;
    try (PreparedStatement s = c.prepareStatement(
        "DELETE FROM song_play_counts p WHERE p.window_start >= ? AND p.window_start < ?"
            + " AND NOT EXISTS (SELECT 1 FROM incoming_counts i"
            + " WHERE i.song_id = p.song_id AND i.window_start = p.window_start)"
            + " RETURNING p.song_id")) {
      s.setTimestamp(1, Timestamp.from(from));
      s.setTimestamp(2, Timestamp.from(to));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          touchedSongs.add(r.getString(1));
          deleted++;
        }
      }
    }
    return deleted;
  }

  /**
   * Sets {@code songs.play_count} to the sum of the song's windows for the touched songs; returns
   * those whose sum moved. The rows are locked first, in a statement of their own: the sums are then
   * read with a snapshot taken after any concurrent writer of the same songs committed.
   */
  private static List<String> refreshSongTotals(Connection c, Collection<String> songIds) throws SQLException {
    List<String> changed = new ArrayList<>();
    if (songIds.isEmpty()) {
      return changed;
    }
    java.sql.Array ids = c.createArrayOf("text", songIds.toArray());
    try (PreparedStatement lock = c.prepareStatement(
        "SELECT song_id FROM songs WHERE song_id = ANY (?) ORDER BY song_id FOR UPDATE")) {
      lock.setArray(1, ids);
      lock.executeQuery().close();
    }
    try (PreparedStatement s = c.prepareStatement(
        "UPDATE songs s SET play_count = t.total"
            + " FROM (SELECT x.song_id, COALESCE((SELECT sum(p.play_count) FROM song_play_counts p"
            + " WHERE p.song_id = x.song_id), 0) AS total FROM unnest(?::text[]) AS x(song_id)) t"
            + " WHERE s.song_id = t.song_id AND s.play_count IS DISTINCT FROM t.total"
            + " RETURNING s.song_id")) {
      s.setArray(1, ids);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          changed.add(r.getString(1));
        }
      }
    }
    changed.sort(null);
    return changed;
  }
}
