package io.harmonia.reco.training;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.size;

import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Stage "candidates": each user's best-scored items that the user has not interacted with.
 * ALS scores every item; asking it for {@code k + (the most items any user has seen)} per user
 * guarantees k unseen items after the user's own are filtered out (capped by {@code maxExtra}
 * for users with very long histories).
 */
public final class Recommender {

  private Recommender() {}

  /**
   * @param seen {@code (user, items: array<int>)}: what each user must not be recommended
   * @return {@code (user, items: array<int>)}, best first, at most k, none of them in {@code seen}
   */
  public static Dataset<Row> topUnseen(ALSModel model, Dataset<Row> seen, int k, int maxExtra) {
    int longestHistory = longestHistory(seen);
    int asked = k + Math.min(longestHistory, maxExtra);
    return model.recommendForAllUsers(asked)
        .join(seen, "user")
        .select(col("user"), expr("slice(filter(transform(recommendations, r -> r.item), "
            + "i -> NOT array_contains(items, i)), 1, " + k + ")").as("items"));
  }

  /** The largest number of items one user has seen. */
  public static int longestHistory(Dataset<Row> seen) {
    Row row = seen.agg(max(size(col("items")))).first();
    return row.isNullAt(0) ? 0 : row.getInt(0);
  }
}
