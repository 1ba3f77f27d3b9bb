package io.harmonia.reco.bench;

import io.harmonia.config.HarmoniaConfig;
import io.harmonia.reco.LocalSpark;
import io.harmonia.reco.evaluation.HoldoutSplit;
import io.harmonia.reco.evaluation.HoldoutSplit.Split;
import io.harmonia.reco.evaluation.RankingMetrics.Summary;
import io.harmonia.reco.matrix.InteractionMatrix.Confidence;
import io.harmonia.reco.training.AlsParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Hyper-parameter search without touching the test set: the training part of a written split is
 * split again (20% per user, another seed) into fit and validation, and every combination of the
 * grid is scored on the validation part.
 *
 * <p>Usage: {@code Tune <split dir> <out.json> "rank=64;maxIter=15;regParam=0.1;alpha=2,10,40;confidence=log;epsilon=1"}
 */
public final class Tune {

  private Tune() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Path out = Path.of(args[1]);
    Map<String, List<String>> grid = parseGrid(args[2]);
    SparkSession spark = LocalSpark.session("harmonia-reco-tune", HarmoniaConfig.fromEnvironment());
    try {
      Split outer = SplitFiles.read(spark, dir, Confidence.LOG, 1.0);
      Split inner = HoldoutSplit.split(outer.train(), 0.2, 7L);
      inner = new Split(inner.train().cache(), inner.test().cache());
      // written out so that other libraries can be tuned on the same validation split
      io.harmonia.reco.OfflineFiles.writeSplit(inner, dir.resolve("validation"));
      Summary baseline = Trial.baseline(inner);
      System.out.println("validation baseline: " + baseline);
      List<Map<String, Object>> results = new ArrayList<>();
      for (Map<String, String> point : product(grid)) {
        Confidence confidence = Confidence.valueOf(point.getOrDefault("confidence", "log").toUpperCase());
        double epsilon = Double.parseDouble(point.getOrDefault("epsilon", "1"));
        AlsParams params = AlsParams.defaults()
            .withRank(Integer.parseInt(point.get("rank")))
            .withMaxIter(Integer.parseInt(point.get("maxIter")))
            .withRegParam(Double.parseDouble(point.get("regParam")))
            .withAlpha(Double.parseDouble(point.get("alpha")));
        Trial trial = Trial.run(SplitFiles.withConfidence(inner, confidence, epsilon), confidence.name().toLowerCase(),
            epsilon, params);
        System.out.println(trial);
        results.add(trial.describe());
      }
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("split", "validation: 20% per user of " + dir.resolve("train.tsv") + ", seed 7");
      doc.put("baseline_at_10", baseline.describe());
      doc.put("trials", results);
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
          .writeValueAsString(doc));
    } finally {
      spark.stop();
    }
  }

  static Map<String, List<String>> parseGrid(String spec) {
    Map<String, List<String>> grid = new LinkedHashMap<>();
    for (String part : spec.split(";")) {
      String[] kv = part.split("=", 2);
      grid.put(kv[0].trim(), List.of(kv[1].split(",")));
    }
    return grid;
  }

  static List<Map<String, String>> product(Map<String, List<String>> grid) {
    List<Map<String, String>> points = new ArrayList<>();
    points.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<String>> axis : grid.entrySet()) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> p : points) {
        for (String v : axis.getValue()) {
          Map<String, String> q = new LinkedHashMap<>(p);
          q.put(axis.getKey(), v.trim());
          next.add(q);
        }
      }
      points = next;
    }
    return points;
  }
}
