package io.harmonia.reco;

import static org.apache.spark.sql.functions.col;

import io.harmonia.config.HarmoniaConfig;
import io.harmonia.reco.evaluation.HoldoutSplit;
import io.harmonia.reco.evaluation.HoldoutSplit.Split;
import io.harmonia.reco.evaluation.PopularityBaseline;
import io.harmonia.reco.evaluation.RankingMetrics;
import io.harmonia.reco.evaluation.RankingMetrics.Summary;
import io.harmonia.reco.history.PlayHistory;
import io.harmonia.reco.matrix.IdMaps;
import io.harmonia.reco.matrix.InteractionMatrix;
import io.harmonia.reco.playlists.ItemGroups;
import io.harmonia.reco.playlists.Playlists;
import io.harmonia.reco.publish.RedisPublisher;
import io.harmonia.reco.report.RunReport;
import io.harmonia.reco.training.AlsTrainer;
import io.harmonia.reco.training.Recommender;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The recommendations job: read plays → build the implicit matrix → hold out 20% per user →
 * train ALS → evaluate against the most-popular baseline → (gate) → retrain on everything →
 * Discover Weekly and Daily Mixes → publish to Redis; or, offline, write top-k lists to a file.
 * Every run leaves a report. Usage: README.md.
 */
public final class RecoJob {

  private static final Logger LOG = LoggerFactory.getLogger(RecoJob.class);
  private static final int GATE_K = 10;
  /** Songs in the fallback list for users without history (the API cuts it to its limit). */
  private static final int POPULAR_SIZE = 100;

  private final SparkSession spark;
  private final HarmoniaConfig config;
  private final JobOptions options;
  private final String runId;
  private final Instant startedAt;
  private final RunReport report;

  public RecoJob(SparkSession spark, HarmoniaConfig config, JobOptions options) {
    this.spark = spark;
    this.config = config;
    this.options = options;
    this.startedAt = Instant.now();
    this.runId = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(startedAt)
        + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    this.report = new RunReport(runId);
  }

  public static void main(String[] args) {
    System.exit(main(args, System.out));
  }

  /** Reads the command line, then runs the job; returns the exit code: 0 done (or --help), 2 bad arguments. */
  static int main(String[] args, PrintStream out) {
    JobCommandLine arguments = new JobCommandLine();
    CommandLine commandLine = JobCommandLine.of(arguments);
    HarmoniaConfig config;
    JobOptions options;
    try {
      commandLine.parseArgs(args);
      if (commandLine.isUsageHelpRequested()) {
        commandLine.usage(out);
        return 0;
      }
      config = HarmoniaConfig.fromEnvironment();
      options = arguments.options(config.stateDir());
    } catch (ParameterException | IllegalArgumentException e) {
      System.err.println("reco: " + e.getMessage() + " (usage: bin/platform job reco --help)");
      return 2;
    }
    SparkSession spark = LocalSpark.session("harmonia-reco-als", config);
    try {
      RunReport report = new RecoJob(spark, config, options).run();
      out.println("status: " + report.get("status") + (report.get("status_reason") == null ? ""
          : " (" + report.get("status_reason") + ")"));
      out.println("report: " + report.get("report"));
    } finally {
      spark.stop();
    }
    return 0;
  }

  public RunReport run() {
    report.put("started_at", startedAt.toString());
    report.section("parameters").putAll(options.describe());
    report.section("parameters").put("als", options.als().describe());
    LOG.info("Run {}: {}", runId, report.section("parameters"));

    Dataset<Row> matrix = buildMatrix();
    Evaluation evaluation = evaluate(matrix);
    if (options.writeSplit().isPresent()) {
      report.time("write_split", () -> OfflineFiles.writeSplit(evaluation.split(), options.writeSplit().get()));
    }
    if (options.output().isPresent()) {
      long lines = report.time("write_top_k", () -> OfflineFiles.writeTopK(
          IdMaps.toPlatformIds(evaluation.alsTopK(options.k()), matrix), options.output().get()));
      report.section("output").put("file", options.output().get().toString());
      report.section("output").put("users", lines);
      finish("offline", "top-" + options.k() + " lists written to " + options.output().get() + "; nothing published");
    } else if (!evaluation.gatePassed()) {
      finish("gate-failed", evaluation.gateReason() + "; the previous published set stays current");
    } else {
      publish(matrix);
    }
    return report;
  }

  private Dataset<Row> buildMatrix() {
    Dataset<Row> triples = report.time("read", () -> {
      Dataset<Row> t = options.fromCassandra()
          ? PlayHistory.fromCassandra(spark, config.cassandra().keyspace(), options.from(), options.to(),
              options.minDurationMs())
          : PlayHistory.fromTriplesFile(spark, options.input());
      return cacheAndCount(t, "input_user_item_pairs");
    });
    report.section("data").put("input_plays", triples.agg(org.apache.spark.sql.functions.sum("plays")).first().get(0));
    return report.time("build_matrix", () -> {
      Dataset<Row> m = cacheAndCount(InteractionMatrix.build(triples, options.minUserItems(), options.minItemUsers(),
          options.confidence(), options.epsilon()), "matrix_interactions");
      report.section("data").put("matrix_users", m.select("user").distinct().count());
      report.section("data").put("matrix_items", m.select("item").distinct().count());
      triples.unpersist();
      return m;
    });
  }

  private record Evaluation(Split split, Dataset<Row> alsTop, int listK, boolean gatePassed, String gateReason) {
    Dataset<Row> alsTopK(int k) {
      return alsTop.selectExpr("user", "slice(items, 1, " + k + ") AS items");
    }
  }

  private Evaluation evaluate(Dataset<Row> matrix) {
    Split split = report.time("split", () -> {
      Split s = HoldoutSplit.split(matrix, options.holdout(), options.splitSeed());
      return new Split(cacheAndCount(s.train(), "train_interactions"), cacheAndCount(s.test(), "test_interactions"));
    });
    Dataset<Row> trainSeen = IdMaps.itemsByUser(split.train()).cache();
    Dataset<Row> relevant = IdMaps.itemsByUser(split.test()).cache();
    int listK = Math.max(GATE_K, options.k());
    ALSModel model = report.time("train_evaluation_model", () -> AlsTrainer.fit(split.train(), options.als()));
    Dataset<Row> alsTop = report.time("recommend_evaluation", () -> cacheAndCount(
        Recommender.topUnseen(model, trainSeen, listK, options.maxSeenExtra()), "evaluated_users_with_als_lists"));
    Dataset<Row> popTop = PopularityBaseline.topUnseen(split.train(), trainSeen, listK,
        Recommender.longestHistory(trainSeen)).cache();

    Map<String, Object> metrics = report.section("metrics");
    metrics.put("definitions", "binary relevance = held-out items; users with >= 1 held-out item; "
        + "precision@k = hits/k; recall@k = hits/|held-out|; NDCG@k = DCG/IDCG with 1/log2(rank+1); "
        + "AP@k = sum of precision@i at each hit / min(k, |held-out|); training items excluded from both lists");
    Map<Integer, Summary[]> byK = new LinkedHashMap<>();
    report.time("evaluate", () -> {
      for (int k : listK == GATE_K ? List.of(GATE_K) : List.of(GATE_K, options.k())) {
        Summary als = RankingMetrics.evaluate(alsTop, relevant, k);
        Summary pop = RankingMetrics.evaluate(popTop, relevant, k);
        byK.put(k, new Summary[] {als, pop});
        metrics.put("at_" + k, comparison(als, pop));
        LOG.info("@{}: ALS {} | most popular {}", k, als, pop);
      }
      return null;
    });
    report.section("checks").put("als_training_items_recommended", RankingMetrics.seenItemsRecommended(alsTop, trainSeen));
    report.section("checks").put("popularity_training_items_recommended",
        RankingMetrics.seenItemsRecommended(popTop, trainSeen));
    Summary[] gate = byK.get(GATE_K);
    return gate(split, alsTop, listK, gate[0].ndcg(), gate[1].ndcg());
  }

  private Evaluation gate(Split split, Dataset<Row> alsTop, int listK, double als, double baseline) {
    double threshold = (1 + options.gateMargin()) * baseline;
    boolean passed = als >= threshold && als > 0;
    String reason = String.format("NDCG@10 of ALS %.4f %s (1 + %.2f) x baseline %.4f = %.4f",
        als, passed ? ">=" : "<", options.gateMargin(), baseline, threshold);
    Map<String, Object> g = report.section("gate");
    g.put("metric", "ndcg@10");
    g.put("margin", options.gateMargin());
    g.put("als", als);
    g.put("baseline", baseline);
    g.put("threshold", threshold);
    g.put("passed", passed);
    g.put("reason", reason);
    LOG.info("Gate: {} ({})", passed ? "passed" : "FAILED", reason);
    return new Evaluation(split, alsTop, listK, passed, reason);
  }

  private static Map<String, Object> comparison(Summary als, Summary pop) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("als", als.describe());
    m.put("popularity", pop.describe());
    Map<String, Object> ratio = new LinkedHashMap<>();
    for (String metric : List.of("precision", "recall", "ndcg", "map")) {
      ratio.put(metric, pop.get(metric) == 0 ? null : als.get(metric) / pop.get(metric));
    }
    m.put("ratio_als_to_popularity", ratio);
    return m;
  }

  private void publish(Dataset<Row> matrix) {
    ALSModel model = report.time("train_publish_model", () -> AlsTrainer.fit(matrix, options.als()));
    Dataset<Row> seen = IdMaps.itemsByUser(matrix).cache();
    Dataset<Row> candidates = report.time("recommend_publish", () -> cacheAndCount(
        Recommender.topUnseen(model, seen, options.candidates(), options.maxSeenExtra()), "published_users"));
    Dataset<Row> mixes = report.time("daily_mixes", () -> {
      Dataset<Row> m = Playlists.dailyMixes(matrix, candidates, tasteGroups(model, matrix), options.dailyMixes(),
          options.dailyMixSize(), options.minKnownPerMix()).cache();
      Dataset<Row> withIds = IdMaps.toPlatformIds(m, matrix, "user", "mix")
          .join(m.select("user", "mix", "group", "known", "fresh"), new String[] {"user", "mix"});
      return cacheAndCount(withIds, "daily_mixes");
    });
    Dataset<Row> discoverWeekly = Playlists.discoverWeekly(candidates, options.discoverWeeklySize());
    report.section("checks").put("discover_weekly_played_items", RankingMetrics.seenItemsRecommended(discoverWeekly, seen));
    Dataset<Row> discoverWeeklyIds = IdMaps.toPlatformIds(discoverWeekly, matrix);
    List<String> popular = IdMaps.itemIds(PopularityBaseline.mostPopular(matrix, POPULAR_SIZE), matrix);
    HarmoniaConfig.Redis redis = config.redis();
    RedisPublisher.Result result = report.time("publish", () -> RedisPublisher.publish(
        new RedisPublisher.Target(redis.host(), redis.port()), runId, startedAt, discoverWeeklyIds, mixes, popular,
        Map.of("gate", report.section("gate"))));
    Map<String, Object> p = report.section("publish");
    p.put("redis", redis.host() + ":" + redis.port());
    p.put("switched", result.switched());
    p.put("current_run", result.currentRun());
    p.put("previous_run", String.valueOf(result.previousRun()));
    p.put("discover_weekly_keys", result.discoverWeeklyKeys());
    p.put("daily_mix_keys", result.dailyMixKeys());
    p.put("deleted_runs", result.deletedRuns());
    finish(result.switched() ? "published" : "not-switched", result.switched()
        ? "run " + runId + " is current in Redis" : "a newer run " + result.currentRun() + " is already current");
  }

  private Dataset<Row> tasteGroups(ALSModel model, Dataset<Row> matrix) {
    Dataset<Row> groups = ItemGroups.fromFactors(model.itemFactors(), options.tasteGroups(), options.als().seed());
    if (!options.genres()) {
      return groups;
    }
    try {
      HarmoniaConfig.Postgres pg = config.postgres();
      Properties props = new Properties();
      props.put("user", pg.user());
      props.put("password", pg.password());
      props.put("driver", "org.postgresql.Driver");
      Dataset<Row> genres = spark.read()
          .jdbc(pg.jdbcUrl(), "(SELECT song_id, genre FROM songs WHERE genre IS NOT NULL) AS song_genres", props)
          .join(matrix.select("item", "item_id").distinct(), col("song_id").equalTo(col("item_id")))
          .select("item", "genre");
      long known = genres.count();
      report.section("data").put("items_with_genre", known);
      return ItemGroups.preferGenres(groups, genres);
    } catch (Exception e) { // Spark rethrows the driver's SQLException unchecked
      LOG.warn("No genres from PostgreSQL ({}); Daily Mixes group by factor clusters only", e.toString());
      report.section("data").put("items_with_genre", "unavailable: " + e.getMessage());
      return groups;
    }
  }

  private Dataset<Row> cacheAndCount(Dataset<Row> df, String sizeName) {
    Dataset<Row> cached = df.cache();
    report.section("data").put(sizeName, cached.count());
    return cached;
  }

  private void finish(String status, String reason) {
    report.put("status", status);
    report.put("status_reason", reason);
    report.put("finished_at", Instant.now().toString());
    Path dir = options.reportDir().resolve(runId);
    report.put("report", dir.resolve("report.html").toString());
    Path json = report.write(dir);
    options.reportOut().ifPresent(report::writeJsonTo);
    LOG.info("Run {} {}: {}; report {}", runId, status, reason, json);
  }
}
