package io.harmonia.playcounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.jobs.JobRuns;
import io.harmonia.plays.Play;
import io.harmonia.schemas.EventSchemas;
import io.harmonia.testing.Stores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The batch recount against the real Cassandra and PostgreSQL (Beam on Spark, local mode): exact
 * counts, reruns that change nothing, late plays that update their window, stored counts that a
 * recount corrects, and outbox rows only for songs whose count moved.
 */
class PlayCountsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Stores stores;

  @BeforeAll
  static void connect() {
    stores = new Stores();
  }

  @AfterAll
  static void disconnect() {
    stores.close();
  }

  @Test
  void recountsAreExactIdempotentAndFollowLatePlays() throws Exception {
    String run = Stores.runId();
    LocalDate day = Stores.unusedDay();
    String songA = "pc-" + run + "-a";
    String songB = "pc-" + run + "-b";
    String unknown = "pc-" + run + "-unknown";
    stores.catalog("pc-" + run + "-artist", songA, songB);

    Play first = play("u1", songA, day, "10:01:00", 60_000);
    stores.store(first);
    stores.store(first); // a replay overwrites its own row
    stores.store(play("u2", songA, day, "10:03:00", 30_000)); // exactly 30 s: qualified
    stores.store(play("u1", songA, day, "10:07:00", 45_000));
    stores.store(play("u4", songA, day, "10:02:00", 29_999)); // not qualified
    stores.store(play("u3", songB, day, "10:04:00", 100_000));
    stores.store(play("u5", unknown, day, "10:06:00", 40_000)); // not in the catalog
    stores.store(play("u1", songA, day, "11:00:00", 60_000)); // outside the interval

    String[] interval = {"--from", at(day, "10:00:00"), "--to", at(day, "10:10:00"), "--allowed-lateness", "PT0S"};
    JsonNode summary = runJob(interval);
    assertThat(summary.path("qualified_plays").asLong()).isEqualTo(5);
    assertThat(summary.path("unknown_song_plays").asLong()).isEqualTo(1);
    assertThat(summary.path("windows_inserted").asLong()).isEqualTo(3);
    assertThat(windowCounts(songA, songB)).containsExactly(
        Map.entry(songA + " " + at(day, "10:00:00"), 2L),
        Map.entry(songA + " " + at(day, "10:05:00"), 1L),
        Map.entry(songB + " " + at(day, "10:00:00"), 1L));
    assertThat(stores.playCount(songA)).isEqualTo(3);
    assertThat(stores.playCount(songB)).isEqualTo(1);
    assertThat(stores.outbox(songA)).extracting(e -> e.path("document").path("play_count").asLong()).containsExactly(3L);
    assertThat(stores.outbox(songB)).extracting(e -> e.path("document").path("play_count").asLong()).containsExactly(1L);

    // the same interval again: the same counts, nothing written
    JsonNode rerun = runJob(interval);
    assertThat(rerun.path("windows_inserted").asLong() + rerun.path("windows_updated").asLong()
        + rerun.path("windows_deleted").asLong() + rerun.path("outbox_rows").asLong()).isZero();
    assertThat(stores.playCount(songA)).isEqualTo(3);
    assertThat(stores.outbox(songA)).hasSize(1);

    // a play of 10:08 reaches Cassandra late; the next interval's run looks 10 minutes back
    stores.store(play("u6", songA, day, "10:08:00", 90_000));
    String[] next = {"--from", at(day, "10:10:00"), "--to", at(day, "10:15:00"), "--allowed-lateness", "PT10M"};
    JsonNode late = runJob(next);
    assertThat(late.path("recount_from").asText()).isEqualTo(at(day, "10:00:00"));
    assertThat(late.path("windows_updated").asLong()).isEqualTo(1);
    assertThat(windowCounts(songA, songB)).containsEntry(songA + " " + at(day, "10:05:00"), 2L);
    assertThat(stores.playCount(songA)).isEqualTo(4);
    assertThat(stores.outbox(songA)).extracting(e -> e.path("document").path("play_count").asLong()).containsExactly(3L, 4L);
    assertThat(stores.outbox(songB)).hasSize(1);

    // stored counts that disagree with the plays (a bad write, a count from a lost stream state) are replaced
    setWindowCount(songB, at(day, "10:00:00"), 99);
    setWindowCount(songB, at(day, "10:10:00"), 5);
    JsonNode corrected = runJob(next);
    assertThat(corrected.path("windows_updated").asLong()).isEqualTo(1);
    assertThat(corrected.path("windows_deleted").asLong()).isEqualTo(1);
    assertThat(windowCounts(songA, songB)).containsExactly(
        Map.entry(songA + " " + at(day, "10:00:00"), 2L),
        Map.entry(songA + " " + at(day, "10:05:00"), 2L),
        Map.entry(songB + " " + at(day, "10:00:00"), 1L));
    assertThat(stores.playCount(songB)).isEqualTo(1);
  }

  @Test
  void theStreamOnlyEverRaisesACount() throws Exception {
    String run = Stores.runId();
    String song = "pc-" + run + "-raised";
    stores.catalog("pc-" + run + "-artist", song);
    Instant start = Instant.parse(Stores.unusedDay() + "T10:00:00Z");
    PlayCountStore store = new PlayCountStore(stores.db);

    assertThat(store.raise(List.of(new WindowCount(song, start, start.plusSeconds(300), 5))).windowsInserted())
        .isEqualTo(1);
    // a stream that restarted without its state sees only part of the window: ignored
    PlayCountStore.WriteResult lower = store.raise(List.of(new WindowCount(song, start, start.plusSeconds(300), 2)));
    assertThat(lower.windowsUpdated() + lower.outboxRows()).isZero();
    // the same firing twice in a bundle, and a later one: the highest wins
    store.raise(List.of(new WindowCount(song, start, start.plusSeconds(300), 7),
        new WindowCount(song, start, start.plusSeconds(300), 6)));
    assertThat(stores.playCount(song)).isEqualTo(7);
    assertThat(stores.outbox(song)).extracting(e -> e.path("document").path("play_count").asLong())
        .containsExactly(5L, 7L);
  }

  @Test
  void badArgumentsExitWithTheUsageCode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(PlayCountsJob.run(new String[] {"--from", "yesterday"}, new PrintStream(out))).isEqualTo(JobRuns.USAGE);
    assertThat(PlayCountsJob.run(new String[] {"--window", "PT7M"}, new PrintStream(out))).isEqualTo(JobRuns.USAGE);
    assertThat(PlayCountsJob.run(new String[] {"--from", "2026-01-31T10:00:00Z", "--to", "2026-01-31T09:00:00Z"},
        new PrintStream(out))).isEqualTo(JobRuns.USAGE);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  static JsonNode runJob(String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(PlayCountsJob.run(args, new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(JobRuns.OK);
    return JSON.readTree(out.toString(StandardCharsets.UTF_8));
  }

  static Play play(String user, String song, LocalDate day, String time, int durationMs) {
    return new Play(UUID.randomUUID().toString(), user, song, Instant.parse(day + "T" + time + "Z"), durationMs,
        "PREMIUM");
  }

  static String at(LocalDate day, String time) {
    return Instant.parse(day + "T" + time + "Z").toString();
  }

  /** "song window_start" → count, in song and window order. */
  static Map<String, Long> windowCounts(String... songIds) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection c = stores.db.getConnection();
        PreparedStatement q = c.prepareStatement("SELECT song_id, window_start, window_end, play_count"
            + " FROM song_play_counts WHERE song_id = ANY (?) ORDER BY song_id, window_start")) {
      q.setArray(1, c.createArrayOf("text", songIds));
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          Instant start = r.getTimestamp(2).toInstant();
          assertThat(r.getTimestamp(3).toInstant()).isEqualTo(start.plusSeconds(300));
          counts.put(r.getString(1) + " " + start, r.getLong(4));
        }
      }
    }
    return counts;
  }



  static void setWindowCount(String songId, String windowStart, long count) throws SQLException {
    Instant start = Instant.parse(windowStart);
    try (Connection c = stores.db.getConnection();
        PreparedStatement s = c.prepareStatement("INSERT INTO song_play_counts (song_id, window_start, window_end,"
            + " play_count) VALUES (?, ?, ?, ?) ON CONFLICT (song_id, window_start)"
            + " DO UPDATE SET play_count = EXCLUDED.play_count")) {
      s.setString(1, songId);
      s.setTimestamp(2, Timestamp.from(start));
      s.setTimestamp(3, Timestamp.from(start.plusSeconds(300)));
      s.setLong(4, count);
      s.executeUpdate();
    }
  }
}
