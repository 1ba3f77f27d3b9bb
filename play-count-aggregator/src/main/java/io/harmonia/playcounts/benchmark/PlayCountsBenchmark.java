package io.harmonia.playcounts.benchmark;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.clients.CassandraClients;
import io.harmonia.clients.PostgresClients;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.playcounts.PlayCountsJob;
import io.harmonia.plays.PlaysByDayTable;
import io.harmonia.royalties.RoyaltyExportJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code bin/platform bench play-counts}: the jobs against a baseline, on one generated day of plays
 * in the real Cassandra. The baseline is the plainest exact count there is — the 16 partitions of
 * the day scanned with the driver in one thread, counting qualified plays — and each job's time is
 * reported as a ratio of it, measured in the same run. Every figure is checked: the recount's and
 * the export's qualified plays must equal the baseline's.
 */
public final class PlayCountsBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PlayCountsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int plays = Integer.parseInt(args.length > 0 ? args[0] : "100000");
    int songs = Integer.parseInt(args.length > 1 ? args[1] : "1000");
    Path results = Path.of(args.length > 2 ? args[2] : "play-count-aggregator/benchmarks/results");
    HarmoniaConfig config = HarmoniaConfig.fromEnvironment();
    String run = UUID.randomUUID().toString().substring(0, 8);
    LocalDate day = LocalDate.of(2100, 1, 1).plusDays(new Random().nextInt(900 * 365));

    ObjectNode report = JSON.createObjectNode();
    report.put("day", day.toString());
    report.put("plays", plays);
    report.put("songs", songs);
    report.put("cores", Runtime.getRuntime().availableProcessors());
    report.put("load_average_at_start", Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);

    long[] expected;
    try (CqlSession session = CassandraClients.session(config);
        HikariDataSource db = PostgresClients.dataSource(config, "play-counts-bench", 2)) {
      insertCatalog(db, run, songs);
      long t0 = System.nanoTime();
      expected = insertPlays(session, day, run, plays, songs);
      report.put("load_seconds", Math.round(seconds(t0) * 10) / 10.0);
      t0 = System.nanoTime();
      long[] baseline = scan(session, day);
      double baselineSeconds = seconds(t0);
      check(baseline[0] == expected[0] && baseline[1] == expected[1], "the baseline scan disagrees with the load");
      report.put("qualified_plays", baseline[1]);
      report.set("baseline_scan", figure(baselineSeconds, plays, baselineSeconds));

      String from = day.atStartOfDay().toInstant(ZoneOffset.UTC).toString();
      String to = day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString();
      t0 = System.nanoTime();
      JsonNode recount = runJob(out -> PlayCountsJob.run(
          new String[] {"--from", from, "--to", to, "--allowed-lateness", "PT0S"}, out));
      report.set("recount_day", figure(seconds(t0), plays, baselineSeconds));
      check(recount.path("qualified_plays").asLong() == baseline[1], "the recount's qualified plays differ");
      report.put("recount_windows_written", recount.path("windows_inserted").asLong());

      t0 = System.nanoTime();
      JsonNode rerun = runJob(out -> PlayCountsJob.run(
          new String[] {"--from", from, "--to", to, "--allowed-lateness", "PT0S"}, out));
      report.set("recount_day_again", figure(seconds(t0), plays, baselineSeconds));
      check(rerun.path("windows_inserted").asLong() + rerun.path("windows_updated").asLong() == 0,
          "a rerun changed counts");

      t0 = System.nanoTime();
      JsonNode manifest = runJob(out -> RoyaltyExportJob.run(new String[] {"--date", day.toString()}, out));
      report.set("royalty_export", figure(seconds(t0), plays, baselineSeconds));
      check(manifest.path("totals").path("qualified_plays").asLong() == baseline[1], "the export's totals differ");
      report.put("export_rows", manifest.path("row_count").asLong());

      t0 = System.nanoTime();
      runJob(out -> RoyaltyExportJob.run(new String[] {"--date", day.toString(), "--verify"}, out));
      report.set("royalty_verify", figure(seconds(t0), plays, baselineSeconds));
    }
    write(results, report);
  }

  private interface Job {
    int run(PrintStream out);
  }

  private static JsonNode runJob(Job job) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = job.run(new PrintStream(out, true, StandardCharsets.UTF_8));
    check(code == 0, "a job exited with " + code);
    return JSON.readTree(out.toString(StandardCharsets.UTF_8));
  }

  private static ObjectNode figure(double seconds, int plays, double baselineSeconds) {
    ObjectNode f = JSON.createObjectNode();
    f.put("seconds", Math.round(seconds * 100) / 100.0);
    f.put("plays_per_second", Math.round(plays / seconds));
    f.put("ratio_to_baseline", Math.round(seconds / baselineSeconds * 100) / 100.0);
    return f;
  }

  private static void insertCatalog(HikariDataSource db, String run, int songs) throws Exception {
    try (Connection c = db.getConnection()) {
      try (var s = c.prepareStatement("INSERT INTO artists (artist_id, name) VALUES (?, ?)")) {
        s.setString(1, "bench-" + run);
        s.setString(2, "Benchmark artist " + run);
        s.executeUpdate();
      }
      try (var s = c.prepareStatement("INSERT INTO songs (song_id, title, artist_id, duration_ms) VALUES (?, ?, ?, 200000)")) {
        for (int i = 0; i < songs; i++) {
          s.setString(1, song(run, i));
          s.setString(2, "Song " + i);
          s.setString(3, "bench-" + run);
          s.addBatch();
        }
        s.executeBatch();
      }
    }
  }

  private static String song(String run, int i) {
    return "bench-" + run + "-" + i;
  }

  /** Plays spread over the day, songs and 5,000 listeners, 80% qualified; unlogged batches of one partition. */
  private static long[] insertPlays(CqlSession session, LocalDate day, String run, int plays, int songs) {
    PreparedStatement insert = session.prepare("INSERT INTO plays_by_day (day, bucket, event_id, user_id, song_id,"
        + " played_at, duration_ms, bitrate, subscription, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, 320, ?, ?)");
    Random random = new Random(42);
    long start = day.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    List<BatchStatementBuilder> batches = new ArrayList<>();
    for (int b = 0; b < PlaysByDayTable.BUCKETS; b++) {
      batches.add(BatchStatement.builder(DefaultBatchType.UNLOGGED));
    }
    List<CompletionStage<?>> pending = new ArrayList<>();
    long qualified = 0;
    for (int i = 0; i < plays; i++) {
      UUID eventId = new UUID(random.nextLong(), random.nextLong());
      int bucket = Math.floorMod(eventId.hashCode(), PlaysByDayTable.BUCKETS);
      Instant playedAt = Instant.ofEpochMilli(start + (long) (random.nextDouble() * 86_400_000L));
      int duration = random.nextInt(10) < 8 ? 30_000 + random.nextInt(200_000) : random.nextInt(30_000);
      qualified += duration >= 30_000 ? 1 : 0;
      batches.get(bucket).addStatement(insert.bind(day, bucket, eventId, "user-" + random.nextInt(5_000),
          song(run, random.nextInt(songs)), playedAt, duration, random.nextBoolean() ? "PREMIUM" : "FREE",
          playedAt.plusMillis(duration)));
      if (batches.get(bucket).getStatementsCount() == 100) {
        pending.add(session.executeAsync(batches.get(bucket).build()));
        batches.set(bucket, BatchStatement.builder(DefaultBatchType.UNLOGGED));
        if (pending.size() == 32) {
          CompletableFuture.allOf(pending.stream().map(CompletionStage::toCompletableFuture)
              .toArray(CompletableFuture[]::new)).join();
          pending.clear();
        }
      }
    }
    for (BatchStatementBuilder batch : batches) {
      if (batch.getStatementsCount() > 0) {
        pending.add(session.executeAsync(batch.build()));
      }
    }
    CompletableFuture.allOf(pending.stream().map(CompletionStage::toCompletableFuture)
        .toArray(CompletableFuture[]::new)).join();
    return new long[] {plays, qualified};
  }

  /** The baseline: {rows, qualified plays} of the day, scanned with the driver in one thread. */
  private static long[] scan(CqlSession session, LocalDate day) {
    PlaysByDayTable table = new PlaysByDayTable(session);
    long[] counts = new long[2];
    for (int bucket = 0; bucket < PlaysByDayTable.BUCKETS; bucket++) {
      counts[0] += table.read(day, bucket, play -> {
        if (play.isQualified()) {
          counts[1]++;
        }
      }).rows();
    }
    return counts;
  }

  private static void write(Path dir, ObjectNode report) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("play-counts.json"),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
    StringBuilder md = new StringBuilder();
    md.append("# play-counts benchmark\n\n")
        .append("One generated day of ").append(report.path("plays").asLong()).append(" plays (")
        .append(report.path("qualified_plays").asLong()).append(" qualified) over ")
        .append(report.path("songs").asLong()).append(" songs in the real Cassandra, ")
        .append(report.path("cores").asLong()).append(" cores (load average ")
        .append(report.path("load_average_at_start").asText()).append(" at the start: the machine is shared),")
        .append(" Spark local[2]. Baseline: the day's 16 partitions scanned with the driver in one thread, counting")
        .append(" qualified plays. Each job's time includes its Spark start-up and its writes (PostgreSQL, object")
        .append(" store). The jobs run one after the other in one JVM: `recount_day` is cold (class loading, JIT,")
        .append(" as a scheduled run in a fresh JVM) and writes every window; `recount_day_again` is warm and")
        .append(" writes nothing.\n\n")
        .append("| step | seconds | plays/s | × baseline |\n| --- | --- | --- | --- |\n");
    for (String step : new String[] {"baseline_scan", "recount_day", "recount_day_again", "royalty_export",
        "royalty_verify"}) {
      JsonNode f = report.path(step);
      md.append("| ").append(step).append(" | ").append(f.path("seconds").asDouble()).append(" | ")
          .append(f.path("plays_per_second").asLong()).append(" | ").append(f.path("ratio_to_baseline").asDouble())
          .append(" |\n");
    }
    md.append("\nChecked in the run: the recount's and the export's qualified plays equal the baseline's;")
        .append(" the rerun changed no count. Loading the plays took ").append(report.path("load_seconds").asDouble())
        .append(" s (not part of the comparison).\n");
    Files.writeString(dir.resolve("play-counts.md"), md.toString());
    System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
  }

  private static void check(boolean condition, String failure) {
    if (!condition) {
      throw new IllegalStateException(failure);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
