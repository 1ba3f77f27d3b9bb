package io.harmonia.reco.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.reco.LocalSpark;
import io.harmonia.reco.evaluation.RankingMetrics;
import io.harmonia.reco.evaluation.RankingMetrics.Summary;
import io.harmonia.reco.history.PlayHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Scores files of top-k lists ({@code {"user_id": ..., "items": [...]}} per line, as the job's
 * {@code --output} and benchmarks/implicit_als.py write them) against a written split, with the
 * job's own metric code, so every library is measured by the same definitions.
 *
 * <p>Usage: {@code Score <split dir> <out.json> <top-k file>...}
 */
public final class Score {

  private Score() {}

  public static void main(String[] args) throws Exception {
    SparkSession spark = LocalSpark.session("harmonia-reco-score", HarmoniaConfig.fromEnvironment());
    try {
      Map<String, Object> scores = new LinkedHashMap<>();
      for (int i = 2; i < args.length; i++) {
        scores.put(Path.of(args[i]).getFileName().toString(), score(spark, Path.of(args[0]), Path.of(args[i]), 10));
        System.out.println(args[i] + ": " + scores.get(Path.of(args[i]).getFileName().toString()));
      }
      Files.writeString(Path.of(args[1]), new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(scores));
    } finally {
      spark.stop();
    }
  }

  static Map<String, Object> score(SparkSession spark, Path splitDir, Path topK, int k) {
    Dataset<Row> lists = spark.read().json(topK.toString()).select(col("user_id").as("user"), col("items"));
    Summary summary = RankingMetrics.evaluate(lists, byUser(spark, splitDir.resolve("test.tsv")), k);
    Map<String, Object> m = new LinkedHashMap<>(summary.describe());
    m.put("training_items_recommended", RankingMetrics.seenItemsRecommended(lists,
        byUser(spark, splitDir.resolve("train.tsv"))));
    return m;
  }

  private static Dataset<Row> byUser(SparkSession spark, Path triples) {
    return PlayHistory.fromTriplesFile(spark, triples.toString())
        .groupBy(col("user_id").as("user")).agg(collect_list("item_id").as("items"));
  }
}
