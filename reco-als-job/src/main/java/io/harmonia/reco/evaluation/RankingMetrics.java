package io.harmonia.reco.evaluation;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Ranking metrics at k with binary relevance, per user then averaged over every user with at least
 * one relevant (held-out) item; a user with no recommendation scores 0. With R the user's relevant
 * set, L the first k recommended items and hit(i) = 1 when L[i] (1-based) is in R:
 * <ul>
 *   <li>precision@k = |L ∩ R| / k (k, not |L|: a short list is not rewarded);</li>
 *   <li>recall@k = |L ∩ R| / |R|;</li>
 *   <li>NDCG@k = DCG / IDCG, DCG = Σ hit(i) / log2(i + 1), IDCG the DCG of min(k, |R|) hits in front;</li>
 *   <li>AP@k = Σ precision@i · hit(i) / min(k, |R|); MAP@k is its mean.</li>
 * </ul>
 * Lists may hold any type of id (ints inside the job, strings when scoring a file of top-k lists).
 */
public final class RankingMetrics {

  public record Summary(int k, long users, double precision, double recall, double ndcg, double map) {
    public Map<String, Object> describe() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("k", k);
      m.put("users", users);
      m.put("precision", precision);
      m.put("recall", recall);
      m.put("ndcg", ndcg);
      m.put("map", map);
      return m;
    }

    public double get(String metric) {
      return switch (metric) {
        case "precision" -> precision;
        case "recall" -> recall;
        case "ndcg" -> ndcg;
        case "map" -> map;
        default -> throw new IllegalArgumentException("unknown metric " + metric);
      };
    }
  }

  private RankingMetrics() {}

  /**
   * @param recommended {@code (user, items: array)}, best first
   * @param relevant {@code (user, items: array)}: each user's held-out items
   * @return per user: {@code user, precision, recall, ndcg, ap}
   */
  public static Dataset<Row> perUser(Dataset<Row> recommended, Dataset<Row> relevant, int k) {
    Dataset<Row> joined = relevant.where(expr("size(items) > 0")).select(col("user"), col("items").as("rel"))
        .join(recommended.select(col("user"), col("items").as("rec")), "user", "left")
        .withColumn("rec", expr("slice(coalesce(rec, filter(rel, x -> false)), 1, " + k + ")"))
        // 1-based positions of the hits in the list
        .withColumn("hits", expr("filter(transform(rec, (x, i) -> IF(array_contains(rel, x), i + 1, 0)), p -> p > 0)"))
        .withColumn("ideal", expr("least(" + k + ", size(rel))"));
    return joined.select(
        col("user"),
        expr("size(hits) / " + k).as("precision"),
        expr("size(hits) / size(rel)").as("recall"),
        expr("aggregate(hits, 0D, (acc, p) -> acc + 1D / log2(p + 1))"
            + " / aggregate(sequence(1, ideal), 0D, (acc, p) -> acc + 1D / log2(p + 1))").as("ndcg"),
        // the j-th hit (1-based), at position p, contributes precision@p = j / p
        expr("aggregate(transform(hits, (p, j) -> (j + 1D) / p), 0D, (acc, x) -> acc + x) / ideal").as("ap"));
  }

  public static Summary summarize(Dataset<Row> perUser, int k) {
    Row row = perUser.agg(count(lit(1)), avg("precision"), avg("recall"), avg("ndcg"), avg("ap")).first();
    long users = row.getLong(0);
    if (users == 0) {
      return new Summary(k, 0, 0, 0, 0, 0);
    }
    return new Summary(k, users, row.getDouble(1), row.getDouble(2), row.getDouble(3), row.getDouble(4));
  }

  public static Summary evaluate(Dataset<Row> recommended, Dataset<Row> relevant, int k) {
    return summarize(perUser(recommended, relevant, k), k);
  }

  /** How many recommended items the user already has in {@code seen}: must be 0. */
  public static long seenItemsRecommended(Dataset<Row> recommended, Dataset<Row> seen) {
    return recommended.select(col("user"), col("items").as("rec"))
        .join(seen.select(col("user"), col("items").as("seen")), "user")
        .select(expr("size(array_intersect(rec, seen))").as("n"))
        .agg(expr("coalesce(sum(n), 0)"))
        .first().getLong(0);
  }
}
