package io.harmonia.reco.history;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Stage "read": play history as {@code (user_id: string, item_id: string, plays: long)} triples, one
 * row per user and item, from Cassandra or from a file.
 */
public final class PlayHistory {

  /** Buckets per day in {@code plays_by_day} (schemas/.../V1__play_events.cql). */
  public static final int BUCKETS_PER_DAY = 16;

  private static final StructType TRIPLES = new StructType()
      .add("user_id", DataTypes.StringType)
      .add("item_id", DataTypes.StringType)
      .add("plays", DataTypes.StringType);

  private PlayHistory() {}

  /**
   * A tab-separated file of {@code user item count} with a header line (HetRec's
   * {@code user_artists.dat}, or a split written by {@code --write-split}); CRLF line ends are fine.
   */
  public static Dataset<Row> fromTriplesFile(SparkSession spark, String path) {
    return spark.read()
        .option("sep", "\t")
        .option("header", "true")
        .option("mode", "FAILFAST")
        .schema(TRIPLES)
        .csv(path)
        .select(
            trim(col("user_id")).as("user_id"),
            trim(col("item_id")).as("item_id"),
            trim(col("plays")).cast(DataTypes.LongType).as("plays"))
        .where(col("plays").isNotNull().and(col("plays").gt(0)))
        .groupBy("user_id", "item_id")
        .agg(sum("plays").as("plays"));
  }

  /**
   * Plays of the UTC days {@code [from, to]} from {@code plays_by_day}. Every (day, bucket) partition
   * of the range is named in the filter, so the connector reads exactly those partitions instead of
   * scanning the table; {@code plays_by_user} would need a full scan to cover every user.
   */
  public static Dataset<Row> fromCassandra(SparkSession spark, String keyspace, LocalDate from, LocalDate to,
      int minDurationMs) {
    List<Object> days = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      days.add(java.sql.Date.valueOf(d));
    }
    Object[] buckets = new Object[BUCKETS_PER_DAY];
    for (int b = 0; b < BUCKETS_PER_DAY; b++) {
      buckets[b] = b;
    }
    Dataset<Row> rows = spark.read()
        .format("org.apache.spark.sql.cassandra")
        .option("keyspace", keyspace)
        .option("table", "plays_by_day")
        .load()
        .where(col("day").isin(days.toArray()).and(col("bucket").isin(buckets)))
        .select("user_id", "song_id", "duration_ms");
    return countQualifiedPlays(rows, minDurationMs);
  }

  /**
   * Play rows {@code (user_id, song_id, duration_ms)} to triples: only plays of at least
   * {@code minDurationMs} count (the client reports after 30 s; shorter rows are skips).
   */
  public static Dataset<Row> countQualifiedPlays(Dataset<Row> playRows, int minDurationMs) {
    return playRows
        .where(col("duration_ms").geq(lit(minDurationMs)))
        .groupBy(col("user_id"), col("song_id").as("item_id"))
        .agg(count(lit(1)).as("plays"));
  }
}
