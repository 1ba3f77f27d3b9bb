package io.harmonia.reco.playlists;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Stage "taste groups": which group each item belongs to, for Daily Mixes. Items close in the
 * ALS factor space are listened to by the same people, so k-means (cosine) over the item factors
 * gives groups of "the same taste" with no metadata at all; where a genre is known it wins.
 */
public final class ItemGroups {

  private ItemGroups() {}

  /**
   * @param itemFactors ALS's {@code (id: int, features: array<float>)}
   * @return {@code (item, group)} with groups named {@code taste-<n>}
   */
  public static Dataset<Row> fromFactors(Dataset<Row> itemFactors, int groups, long seed) {
    Dataset<Row> vectors = itemFactors.select(col("id").as("item"),
        functions.array_to_vector(col("features")).as("features"));
    KMeansModel kmeans = new KMeans()
        .setK(groups)
        .setSeed(seed)
        .setMaxIter(20)
        .setDistanceMeasure("cosine")
        .setFeaturesCol("features")
        .setPredictionCol("cluster")
        .fit(vectors);
    return kmeans.transform(vectors)
        .select(col("item"), concat(lit("taste-"), col("cluster").cast("string")).as("group"));
  }

  /**
   * @param genres {@code (item, genre)}, for the items whose genre is known
   * @return {@code (item, group)}: the genre when known, else the factor group
   */
  public static Dataset<Row> preferGenres(Dataset<Row> factorGroups, Dataset<Row> genres) {
    return factorGroups.join(genres, "item", "left")
        .select(col("item"), coalesce(col("genre"), col("group")).as("group"));
  }
}
