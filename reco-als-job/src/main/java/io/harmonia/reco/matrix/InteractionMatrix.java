package io.harmonia.reco.matrix;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;

import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * Stage "build the matrix": triples {@code (user_id, item_id, plays)} to the implicit matrix
 * {@code (user_id, item_id, plays, user: int, item: int, strength: float)}.
 *
 * <ol>
 *   <li>users with fewer than {@code minUserItems} distinct items and items with fewer than
 *       {@code minItemUsers} distinct users are dropped (one pass each: dropping items can leave a
 *       user just under the minimum, which is harmless);</li>
 *   <li>ids become dense integers (alphabetical order, so the mapping is reproducible);</li>
 *   <li>the play count becomes the strength ALS reads; ALS's confidence is {@code 1 + alpha * strength}.</li>
 * </ol>
 */
public final class InteractionMatrix {

  private InteractionMatrix() {}

  /** How a play count becomes the strength r of ALS's confidence {@code 1 + alpha * r}. */
  public enum Confidence {
    /** r = log(1 + plays / epsilon): the log scaling of Hu, Koren and Volinsky. */
    LOG,
    /** r = plays. */
    LINEAR;

    public Column strength(Column plays, double epsilon) {
      return switch (this) {
        case LOG -> log1p(plays.cast(DataTypes.DoubleType).divide(lit(epsilon)));
        case LINEAR -> plays.cast(DataTypes.DoubleType);
      };
    }
  }

  public static Dataset<Row> dropSparse(Dataset<Row> triples, int minUserItems, int minItemUsers) {
    Dataset<Row> items = triples
        .withColumn("item_users", count(lit(1)).over(Window.partitionBy("item_id")))
        .where(col("item_users").geq(minItemUsers))
        .drop("item_users");
    return items
        .withColumn("user_items", count(lit(1)).over(Window.partitionBy("user_id")))
        .where(col("user_items").geq(minUserItems))
        .drop("user_items");
  }

  /** Adds {@code user} and {@code item}: dense integer ids for ALS. */
  public static Dataset<Row> indexIds(Dataset<Row> triples) {
    Dataset<Row> withUsers = indexer("user_id", "user_index").fit(triples).transform(triples);
    Dataset<Row> withItems = indexer("item_id", "item_index").fit(withUsers).transform(withUsers);
    return withItems
        .withColumn("user", col("user_index").cast(DataTypes.IntegerType))
        .withColumn("item", col("item_index").cast(DataTypes.IntegerType))
        .drop("user_index", "item_index");
  }

  public static Dataset<Row> withStrength(Dataset<Row> indexed, Confidence confidence, double epsilon) {
    return indexed.withColumn("strength",
        confidence.strength(col("plays"), epsilon).cast(DataTypes.FloatType));
  }

  /** The whole stage: filter, index, strength. */
  public static Dataset<Row> build(Dataset<Row> triples, int minUserItems, int minItemUsers,
      Confidence confidence, double epsilon) {
    return withStrength(indexIds(dropSparse(triples, minUserItems, minItemUsers)), confidence, epsilon)
        .select("user_id", "item_id", "plays", "user", "item", "strength");
  }

  private static StringIndexer indexer(String input, String output) {
    return new StringIndexer().setInputCol(input).setOutputCol(output).setStringOrderType("alphabetAsc");
  }
}
