package io.harmonia.reco.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.xxhash64;

import io.harmonia.config.HarmoniaConfig;
import io.harmonia.reco.LocalSpark;
import io.harmonia.reco.history.PlayHistory;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Play rows for the end-to-end benchmark, written to Cassandra's {@code plays_by_day} through the
 * connector: each HetRec (user, artist, weight) becomes {@code 1 + floor(log2(1 + weight / scale))}
 * plays of song {@code a<artist>} by user {@code lfm<user>}, spread over the given days, each a
 * qualified play (> 30 s) with a deterministic event id (a rerun overwrites its rows). Monotone in the weight, so the listening
 * structure survives; the scale sets the size (scale 50: 305,269 rows; 100: 239,854).
 *
 * <p>Usage: {@code SyntheticPlays <user_artists.dat> <first day> <days> <scale>}
 */
public final class SyntheticPlays {

  private SyntheticPlays() {}

  public static void main(String[] args) {
    HarmoniaConfig config = HarmoniaConfig.fromEnvironment();
    SparkSession spark = LocalSpark.session("harmonia-reco-synthetic-plays", config);
    try {
      LocalDate first = LocalDate.parse(args[1]);
      int days = Integer.parseInt(args[2]);
      double scale = Double.parseDouble(args[3]);
      Dataset<Row> rows = plays(PlayHistory.fromTriplesFile(spark, args[0]), first, days, scale).cache();
      long count = rows.count();
      long started = System.nanoTime();
      rows.write().format("org.apache.spark.sql.cassandra")
          .option("keyspace", config.cassandra().keyspace()).option("table", "plays_by_day")
          .mode(SaveMode.Append).save();
      System.out.printf("{\"play_rows\": %d, \"users\": %d, \"songs\": %d, \"first_day\": \"%s\", \"days\": %d, "
              + "\"scale\": %s, \"write_seconds\": %.1f}%n", count, rows.select("user_id").distinct().count(),
          rows.select("song_id").distinct().count(), first, days, scale, (System.nanoTime() - started) / 1e9);
    } finally {
      spark.stop();
    }
  }

  static Dataset<Row> plays(Dataset<Row> triples, LocalDate first, int days, double scale) {
    return triples
        .withColumn("n", expr("1 + CAST(floor(log2(1 + plays / " + scale + ")) AS INT)"))
        .withColumn("p", explode(sequence(lit(1), col("n"))))
        .withColumn("h", xxhash64(col("user_id"), col("item_id"), col("p")))
        .withColumn("day", date_add(lit(java.sql.Date.valueOf(first)), pmod(col("h"), lit(days)).cast("int")))
        // unix_date is an INT: widen before multiplying, or every day after 2038-01-19 wraps around
        .withColumn("played_at", expr("timestamp_seconds(CAST(unix_date(day) AS BIGINT) * 86400 + pmod(h, 86400))"))
        .select(
            col("day"),
            pmod(col("h"), lit(PlayHistory.BUCKETS_PER_DAY)).cast("int").as("bucket"),
            // deterministic: a rerun writes the same rows again instead of adding plays
            expr("regexp_replace(format_string('%016x%016x', h, xxhash64(h)), "
                + "'(.{8})(.{4})(.{4})(.{4})(.{12})', '$1-$2-$3-$4-$5')").as("event_id"),
            concat(lit("lfm"), col("user_id")).as("user_id"),
            concat(lit("a"), col("item_id")).as("song_id"),
            col("played_at"),
            expr("CAST(30000 + pmod(h, 200000) AS INT)").as("duration_ms"),
            lit(320).as("bitrate"),
            lit("PREMIUM").as("subscription"),
            col("played_at").as("received_at"));
  }
}
