package io.harmonia.reco.bench;

import io.harmonia.reco.evaluation.HoldoutSplit.Split;
import io.harmonia.reco.evaluation.PopularityBaseline;
import io.harmonia.reco.evaluation.RankingMetrics;
import io.harmonia.reco.evaluation.RankingMetrics.Summary;
import io.harmonia.reco.matrix.IdMaps;
import io.harmonia.reco.training.AlsParams;
import io.harmonia.reco.training.AlsTrainer;
import io.harmonia.reco.training.Recommender;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** One fit and its scores on one split: the job's own stages, timed. */
record Trial(String confidence, double epsilon, AlsParams params, double fitSeconds, double recommendSeconds,
    Summary metrics, long seenItemsRecommended) {

  static final int K = 10;

  static Trial run(Split split, String confidence, double epsilon, AlsParams params) {
    Dataset<Row> seen = IdMaps.itemsByUser(split.train()).cache();
    Dataset<Row> relevant = IdMaps.itemsByUser(split.test()).cache();
    long t0 = System.nanoTime();
    ALSModel model = AlsTrainer.fit(split.train(), params);
    model.userFactors().count();
    long t1 = System.nanoTime();
    Dataset<Row> top = Recommender.topUnseen(model, seen, K, Integer.MAX_VALUE).cache();
    top.count();
    long t2 = System.nanoTime();
    Summary metrics = RankingMetrics.evaluate(top, relevant, K);
    long violations = RankingMetrics.seenItemsRecommended(top, seen);
    top.unpersist();
    return new Trial(confidence, epsilon, params, (t1 - t0) / 1e9, (t2 - t1) / 1e9, metrics, violations);
  }

  static Summary baseline(Split split) {
    Dataset<Row> seen = IdMaps.itemsByUser(split.train()).cache();
    Dataset<Row> relevant = IdMaps.itemsByUser(split.test()).cache();
    Dataset<Row> top = PopularityBaseline.topUnseen(split.train(), seen, K, Recommender.longestHistory(seen));
    return RankingMetrics.evaluate(top, relevant, K);
  }

  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("confidence", confidence);
    m.put("epsilon", epsilon);
    m.put("rank", params.rank());
    m.put("maxIter", params.maxIter());
    m.put("regParam", params.regParam());
    m.put("alpha", params.alpha());
    m.put("fit_seconds", fitSeconds);
    m.put("recommend_seconds", recommendSeconds);
    m.put("metrics_at_10", metrics.describe());
    m.put("training_items_recommended", seenItemsRecommended);
    return m;
  }

  @Override
  public String toString() {
    return String.format("%-6s eps=%-5s rank=%-4d iter=%-3d reg=%-6s alpha=%-6s | P@10 %.4f R@10 %.4f NDCG@10 %.4f MAP@10 %.4f | fit %.1fs",
        confidence, epsilon, params.rank(), params.maxIter(), params.regParam(), params.alpha(),
        metrics.precision(), metrics.recall(), metrics.ndcg(), metrics.map(), fitSeconds);
  }
}
