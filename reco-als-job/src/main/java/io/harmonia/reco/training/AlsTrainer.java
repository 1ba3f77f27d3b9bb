package io.harmonia.reco.training;

import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stage "train": implicit ALS (Hu, Koren, Volinsky 2008) on {@code (user, item, strength)}.
 * Spark turns each strength r into a confidence {@code 1 + alpha * r} and a preference {@code r > 0};
 * the strength itself is computed by {@link io.harmonia.reco.matrix.InteractionMatrix}.
 */
public final class AlsTrainer {

  private static final Logger LOG = LoggerFactory.getLogger(AlsTrainer.class);

  private AlsTrainer() {}

  public static ALSModel fit(Dataset<Row> interactions, AlsParams params) {
    LOG.info("Training implicit ALS with {}", params.describe());
    ALS als = new ALS()
        .setImplicitPrefs(true)
        .setUserCol("user")
        .setItemCol("item")
        .setRatingCol("strength")
        .setRank(params.rank())
        .setMaxIter(params.maxIter())
        .setRegParam(params.regParam())
        .setAlpha(params.alpha())
        .setNonnegative(params.nonnegative())
        .setNumUserBlocks(params.numUserBlocks())
        .setNumItemBlocks(params.numItemBlocks())
        .setCheckpointInterval(params.checkpointInterval())
        .setSeed(params.seed())
        .setColdStartStrategy("drop");
    return als.fit(interactions);
  }
}
