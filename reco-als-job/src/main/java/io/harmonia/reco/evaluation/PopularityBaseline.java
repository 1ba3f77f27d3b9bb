package io.harmonia.reco.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * The obvious baseline: every user gets the items with the most distinct listeners in the training
 * data, minus the items the user already has. It is also the fallback for users without history.
 */
public final class PopularityBaseline {

  private PopularityBaseline() {}

  /** The n items with the most distinct users, most popular first (ties by item id). */
  public static List<Integer> mostPopular(Dataset<Row> interactions, int n) {
    return interactions.groupBy("item").agg(count(lit(1)).as("listeners"))
        .orderBy(col("listeners").desc(), col("item").asc())
        .limit(n)
        .select(col("item"))
        .as(Encoders.INT())
        .collectAsList();
  }

  /**
   * @param seen {@code (user, items: array<int>)}
   * @return {@code (user, items)}: the k most popular items each user has not seen
   */
  public static Dataset<Row> topUnseen(Dataset<Row> interactions, Dataset<Row> seen, int k, int longestHistory) {
    int[] popular = mostPopular(interactions, k + longestHistory).stream().mapToInt(Integer::intValue).toArray();
    return seen.withColumn("popular", lit(popular))
        .select(col("user"),
            expr("slice(filter(popular, i -> NOT array_contains(items, i)), 1, " + k + ")").as("items"));
  }
}
