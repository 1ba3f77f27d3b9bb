package io.harmonia.reco;

import io.harmonia.config.HarmoniaConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * One local SparkSession for every test class of the JVM (starting Spark costs seconds; the
 * classes share it and never stop it), and tiny DataFrames written inline.
 */
public final class TestSpark {

  private static SparkSession spark;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (spark == null) {
      try {
        Path checkpoints = Files.createTempDirectory("reco-test-checkpoints");
        // integration tests reach the platform's Cassandra; unit tests never touch it
        HarmoniaConfig.Cassandra cassandra = HarmoniaConfig.fromEnvironment().cassandra();
        spark = SparkSession.builder()
            .master("local[2]")
            .appName("reco-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.cassandra.connection.host", cassandra.contactPointList())
            .config("spark.cassandra.connection.port", String.valueOf(cassandra.contactPoints().get(0).port()))
            .config("spark.cassandra.connection.localDC", cassandra.localDatacenter())
            .getOrCreate();
        spark.sparkContext().setCheckpointDir(checkpoints.toString());
        spark.sparkContext().setLogLevel("WARN");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return spark;
  }

  /** A DataFrame from a DDL schema ("user int, items array<int>") and rows of values. */
  public static Dataset<Row> frame(String ddl, Object[]... rows) {
    List<Row> list = new ArrayList<>();
    for (Object[] values : rows) {
      list.add(RowFactory.create(Arrays.stream(values).map(TestSpark::javaToSpark).toArray()));
    }
    return session().createDataFrame(list, StructType.fromDDL(ddl));
  }

  public static Object[] row(Object... values) {
    return values;
  }

  private static Object javaToSpark(Object value) {
    if (value instanceof List<?> l) {
      return scala.collection.JavaConverters.asScalaBuffer(new ArrayList<>(l)).toSeq();
    }
    return value;
  }
}
