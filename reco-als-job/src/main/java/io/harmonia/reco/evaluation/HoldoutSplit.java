package io.harmonia.reco.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Stage "split": per user, {@code floor(fraction * n)} of the user's n items are held out for
 * evaluation and the rest kept for training. Which ones is decided by a seeded hash of
 * {@code (user_id, item_id)}, not by {@code rand()}: the split is the same whatever the partitioning,
 * the cluster or the run, and the same seed always gives the same split.
 */
public final class HoldoutSplit {

  public record Split(Dataset<Row> train, Dataset<Row> test) {}

  private HoldoutSplit() {}

  public static Split split(Dataset<Row> interactions, double fraction, long seed) {
    if (fraction <= 0 || fraction >= 1) {
      throw new IllegalArgumentException("holdout fraction must be in (0, 1), got " + fraction);
    }
    WindowSpec byUser = Window.partitionBy("user_id");
    WindowSpec shuffled = byUser.orderBy(col("split_key"), col("item_id"));
    Dataset<Row> ranked = interactions
        .withColumn("split_key", xxhash64(lit(seed), col("user_id"), col("item_id")))
        .withColumn("split_rank", row_number().over(shuffled))
        .withColumn("split_held", floor(count(lit(1)).over(byUser).multiply(fraction)));
    Dataset<Row> test = ranked.where(col("split_rank").leq(col("split_held")))
        .drop("split_key", "split_rank", "split_held");
    Dataset<Row> train = ranked.where(col("split_rank").gt(col("split_held")))
        .drop("split_key", "split_rank", "split_held");
    return new Split(train, test);
  }
}
