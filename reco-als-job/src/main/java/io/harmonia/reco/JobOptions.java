package io.harmonia.reco;

import io.harmonia.reco.matrix.InteractionMatrix.Confidence;
import io.harmonia.reco.training.AlsParams;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The job's knobs, from the command line ({@code --name value}); README lists them. The ALS
 * defaults are the ones tuned on HetRec Last.fm (benchmarks/README.md).
 */
public record JobOptions(
    String input,
    LocalDate from,
    LocalDate to,
    int minDurationMs,
    Optional<Path> output,
    Optional<Path> writeSplit,
    int k,
    double holdout,
    long splitSeed,
    int minUserItems,
    int minItemUsers,
    Confidence confidence,
    double epsilon,
    AlsParams als,
    double gateMargin,
    int discoverWeeklySize,
    int dailyMixes,
    int dailyMixSize,
    int minKnownPerMix,
    int tasteGroups,
    int candidates,
    int maxSeenExtra,
    boolean genres,
    Path reportDir,
    Optional<Path> reportOut) {

  public static final String CASSANDRA = "cassandra";

  public boolean fromCassandra() {
    return CASSANDRA.equals(input);
  }

  public static JobOptions parse(String[] args, Path stateDir) {
    Map<String, String> a = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        unknown.add(args[i]);
        continue;
      }
      a.put(args[i].substring(2), args[++i]);
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("expected --name value pairs, got " + unknown);
    }
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate to = date(a.remove("to"), today);
    int days = integer(a.remove("days"), 90);
    LocalDate from = date(a.remove("from"), to.minusDays(days - 1L));
    String input = a.getOrDefault("input", CASSANDRA);
    a.remove("input");
    AlsParams d = AlsParams.defaults();
    AlsParams als = new AlsParams(
        integer(a.remove("rank"), d.rank()),
        integer(a.remove("max-iter"), d.maxIter()),
        decimal(a.remove("reg-param"), d.regParam()),
        decimal(a.remove("alpha"), d.alpha()),
        Boolean.parseBoolean(a.getOrDefault("nonnegative", String.valueOf(d.nonnegative()))),
        integer(a.remove("user-blocks"), d.numUserBlocks()),
        integer(a.remove("item-blocks"), d.numItemBlocks()),
        integer(a.remove("checkpoint-interval"), d.checkpointInterval()),
        longValue(a.remove("als-seed"), d.seed()));
    a.remove("nonnegative");
    JobOptions options = new JobOptions(
        input, from, to,
        integer(a.remove("min-duration-ms"), 30_000),
        Optional.ofNullable(a.remove("output")).map(Path::of),
        Optional.ofNullable(a.remove("write-split")).map(Path::of),
        integer(a.remove("k"), 10),
        decimal(a.remove("holdout"), 0.2),
        longValue(a.remove("split-seed"), 42L),
        integer(a.remove("min-user-items"), 5),
        integer(a.remove("min-item-users"), 2),
        Confidence.valueOf(a.getOrDefault("confidence", "log").toUpperCase()),
        decimal(a.remove("epsilon"), 1.0),
        als,
        decimal(a.remove("gate-margin"), 0.10),
        integer(a.remove("discover-weekly-size"), 30),
        integer(a.remove("daily-mixes"), 3),
        integer(a.remove("daily-mix-size"), 30),
        integer(a.remove("min-known-per-mix"), 3),
        integer(a.remove("taste-groups"), 12),
        integer(a.remove("candidates"), 200),
        integer(a.remove("max-seen-extra"), 2000),
        Boolean.parseBoolean(a.getOrDefault("genres", String.valueOf(CASSANDRA.equals(input)))),
        Path.of(a.getOrDefault("report-dir", stateDir.resolve("reports/reco").toString())),
        Optional.ofNullable(a.remove("report-out")).map(Path::of));
    a.remove("confidence");
    a.remove("genres");
    a.remove("report-dir");
    if (!a.isEmpty()) {
      throw new IllegalArgumentException("unknown options " + a.keySet() + " (see reco-als-job/README.md)");
    }
    if (options.k() < 1 || options.discoverWeeklySize() > options.candidates()) {
      throw new IllegalArgumentException("need k >= 1 and discover-weekly-size <= candidates");
    }
    return options;
  }

  /** Everything but ALS's parameters (reported on their own), as the report shows it. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("input", input);
    if (fromCassandra()) {
      m.put("days", from + " .. " + to + " (UTC, plays_by_day)");
      m.put("min_duration_ms", minDurationMs);
    }
    m.put("output", output.map(Path::toString).orElse("(publish to Redis)"));
    writeSplit.ifPresent(p -> m.put("write_split", p.toString()));
    m.put("k", k);
    m.put("holdout_fraction", holdout);
    m.put("split_seed", splitSeed);
    m.put("min_user_items", minUserItems);
    m.put("min_item_users", minItemUsers);
    m.put("confidence", confidence == Confidence.LOG
        ? "1 + alpha * log(1 + plays / epsilon)" : "1 + alpha * plays");
    m.put("epsilon", epsilon);
    m.put("gate", "NDCG@10(ALS) >= (1 + " + gateMargin + ") * NDCG@10(most popular)");
    m.put("discover_weekly_size", discoverWeeklySize);
    m.put("daily_mixes", dailyMixes);
    m.put("daily_mix_size", dailyMixSize);
    m.put("min_known_per_mix", minKnownPerMix);
    m.put("taste_groups", tasteGroups + " (k-means, cosine, on item factors)" + (genres ? "; songs.genre when known" : ""));
    m.put("candidates_per_user", candidates);
    return m;
  }

  private static int integer(String v, int d) {
    return v == null ? d : Integer.parseInt(v);
  }

  private static long longValue(String v, long d) {
    return v == null ? d : Long.parseLong(v);
  }

  private static double decimal(String v, double d) {
    return v == null ? d : Double.parseDouble(v);
  }

  private static LocalDate date(String v, LocalDate d) {
    return v == null ? d : LocalDate.parse(v);
  }
}
