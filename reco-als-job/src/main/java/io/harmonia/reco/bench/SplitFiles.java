package io.harmonia.reco.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.harmonia.reco.evaluation.HoldoutSplit.Split;
import io.harmonia.reco.history.PlayHistory;
import io.harmonia.reco.matrix.InteractionMatrix;
import io.harmonia.reco.matrix.InteractionMatrix.Confidence;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A split written by the job's {@code --write-split} (train.tsv, test.tsv), read back as the job's
 * own matrix, ids indexed over both parts so train and test agree. Benchmarks train on exactly the
 * triples the other library trains on.
 */
final class SplitFiles {

  private SplitFiles() {}

  static Split read(SparkSession spark, Path dir, Confidence confidence, double epsilon) {
    Dataset<Row> train = PlayHistory.fromTriplesFile(spark, dir.resolve("train.tsv").toString()).withColumn("part", lit("train"));
    Dataset<Row> test = PlayHistory.fromTriplesFile(spark, dir.resolve("test.tsv").toString()).withColumn("part", lit("test"));
    Dataset<Row> all = InteractionMatrix.withStrength(InteractionMatrix.indexIds(train.unionByName(test)), confidence, epsilon)
        .cache();
    return new Split(
        all.where(col("part").equalTo("train")).drop("part").cache(),
        all.where(col("part").equalTo("test")).drop("part").cache());
  }

  /** Same matrix, other strength: the strength is a column computed from plays. */
  static Split withConfidence(Split split, Confidence confidence, double epsilon) {
    return new Split(InteractionMatrix.withStrength(split.train(), confidence, epsilon),
        InteractionMatrix.withStrength(split.test(), confidence, epsilon));
  }
}
