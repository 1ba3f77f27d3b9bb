package io.harmonia.reco.training;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every parameter of the implicit ALS fit, stated explicitly so that a run's report names the model
 * exactly. {@code regParam} is Spark's: it is scaled by each user's (item's) number of interactions
 * (ALS-WR), so its values are not comparable with the Python {@code implicit} library's.
 */
public record AlsParams(
    int rank,
    int maxIter,
    double regParam,
    double alpha,
    boolean nonnegative,
    int numUserBlocks,
    int numItemBlocks,
    int checkpointInterval,
    long seed) {

  public static AlsParams defaults() {
    return new AlsParams(64, 15, 1.0, 3.0, false, 4, 4, 10, 42L);
  }

  public AlsParams withRank(int value) {
    return new AlsParams(value, maxIter, regParam, alpha, nonnegative, numUserBlocks, numItemBlocks, checkpointInterval, seed);
  }

  public AlsParams withMaxIter(int value) {
    return new AlsParams(rank, value, regParam, alpha, nonnegative, numUserBlocks, numItemBlocks, checkpointInterval, seed);
  }

  public AlsParams withRegParam(double value) {
    return new AlsParams(rank, maxIter, value, alpha, nonnegative, numUserBlocks, numItemBlocks, checkpointInterval, seed);
  }

  public AlsParams withAlpha(double value) {
    return new AlsParams(rank, maxIter, regParam, value, nonnegative, numUserBlocks, numItemBlocks, checkpointInterval, seed);
  }

  /** The parameters as the report and the log show them (implicitPrefs is always true here). */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("implicitPrefs", true);
    m.put("rank", rank);
    m.put("maxIter", maxIter);
    m.put("regParam", regParam);
    m.put("alpha", alpha);
    m.put("nonnegative", nonnegative);
    m.put("numUserBlocks", numUserBlocks);
    m.put("numItemBlocks", numItemBlocks);
    m.put("checkpointInterval", checkpointInterval);
    m.put("seed", seed);
    m.put("coldStartStrategy", "drop");
    return m;
  }
}
