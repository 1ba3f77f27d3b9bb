package io.harmonia.reco;

import io.harmonia.config.HarmoniaConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The job's SparkSession. Under {@code spark-submit} the master and every {@code spark.*} setting
 * come from the submit command and are left alone; a plain {@code java} launch (bin/platform, tests)
 * runs in local mode on the machine's cores with settings sized for it.
 */
public final class LocalSpark {

  private LocalSpark() {}

  public static SparkSession session(String appName, HarmoniaConfig config) {
    SparkConf conf = new SparkConf().setAppName(appName);
    if (!conf.contains("spark.master")) {
      conf.setMaster(config.get("HARMONIA_SPARK_MASTER", "local[*]"))
          .set("spark.ui.enabled", config.get("HARMONIA_SPARK_UI", "false"))
          .set("spark.driver.host", config.host())
          // a few partitions per core: the default 200 only adds scheduling overhead on one machine
          .set("spark.sql.shuffle.partitions", config.get("HARMONIA_SPARK_SHUFFLE_PARTITIONS", "8"))
          .set("spark.local.dir", config.stateDir().resolve("spark").toString());
    }
    HarmoniaConfig.Cassandra c = config.cassandra();
    // the connector takes host:port entries; its one port setting is only the default for an entry without
    setIfAbsent(conf, "spark.cassandra.connection.host", c.contactPointList());
    setIfAbsent(conf, "spark.cassandra.connection.port", String.valueOf(c.contactPoints().get(0).port()));
    setIfAbsent(conf, "spark.cassandra.connection.localDC", c.localDatacenter());
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    // ALS cuts its lineage every checkpointInterval iterations only when a checkpoint directory is
    // set; without it, deep lineages overflow the stack when tasks are deserialized.
    if (spark.sparkContext().getCheckpointDir().isEmpty()) {
      spark.sparkContext().setCheckpointDir(config.get("HARMONIA_SPARK_CHECKPOINT_DIR",
          config.stateDir().resolve("spark/checkpoints").toString()));
    }
    return spark;
  }

  private static void setIfAbsent(SparkConf conf, String key, String value) {
    if (!conf.contains(key)) {
      conf.set(key, value);
    }
  }
}
