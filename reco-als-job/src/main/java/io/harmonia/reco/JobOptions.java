package io.harmonia.reco;

import io.harmonia.reco.matrix.InteractionMatrix.Confidence;
import io.harmonia.reco.training.AlsParams;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The job's knobs, from the command line ({@link JobCommandLine}); README lists them. The ALS
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

  /**
   * The options of a command line ({@link JobCommandLine}: {@code --name value} or {@code --name=value}).
   *
   * @throws IllegalArgumentException on an unknown option, a bad value or values that make no run
   */
  public static JobOptions parse(String[] args, Path stateDir) {
    return JobCommandLine.parse(args, stateDir);
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
}
