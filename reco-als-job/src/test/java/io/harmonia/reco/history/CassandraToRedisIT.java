package io.harmonia.reco.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.reco.JobOptions;
import io.harmonia.reco.TestSpark;
import io.harmonia.reco.RecoJob;
import io.harmonia.reco.TasteCommunities;
import io.harmonia.clients.RecoKeys;
import io.harmonia.reco.publish.RedisPublisher;
import io.harmonia.reco.report.RunReport;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * Cassandra → job → Redis against the real services (bin/platform up cassandra redis; migrate):
 * plays written to {@code plays_by_day} through the connector are read back by the job, which
 * publishes Discover Weekly of unplayed songs; a second run that fails its gate changes nothing.
 * The plays go to three days picked at random in the past, so runs of this test do not meet.
 */
class CassandraToRedisIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final StructType PLAYS = StructType.fromDDL("day date, bucket int, event_id string, user_id string, "
      + "song_id string, played_at timestamp, duration_ms int, bitrate int, subscription string, received_at timestamp");

  @TempDir Path dir;

  @Test
  void playsInCassandraBecomePublishedPlaylistsAndAFailedGateKeepsThem() throws Exception {
    HarmoniaConfig config = HarmoniaConfig.fromEnvironment();
    SparkSession spark = TestSpark.session();
    Random random = new Random();
    LocalDate from = LocalDate.of(1975, 1, 1).plusDays(random.nextInt(9000));
    String prefix = "it" + Integer.toHexString(random.nextInt(1 << 20)) + "-";
    Map<String, Set<String>> played = writePlays(spark, config, from, prefix, random);

    RunReport first = run(spark, config, from, "0.1");

    assertThat(first.get("status")).as("%s", first.get("status_reason")).isEqualTo("published");
    String runId = (String) first.get("run_id");
    try (Jedis redis = RedisPublisher.connect(new RedisPublisher.Target(config.redis().host(), config.redis().port()))) {
      assertThat(redis.get(RecoKeys.CURRENT_RUN)).isEqualTo(runId);
      for (Map.Entry<String, Set<String>> user : played.entrySet()) {
        JsonNode dw = JSON.readTree(redis.get(RecoKeys.discoverWeekly(runId, user.getKey())));
        Set<String> songs = new HashSet<>();
        dw.get("song_ids").forEach(s -> songs.add(s.asText()));
        assertThat(songs).hasSize(30).doesNotContainAnyElementsOf(user.getValue());
      }
      String before = redis.get(RecoKeys.discoverWeekly(runId, prefix + "u0"));

      RunReport second = run(spark, config, from, "1000");

      assertThat(second.get("status")).isEqualTo("gate-failed");
      assertThat(redis.get(RecoKeys.CURRENT_RUN)).isEqualTo(runId);
      assertThat(redis.get(RecoKeys.discoverWeekly(runId, prefix + "u0"))).isEqualTo(before);
    }
  }

  /** 60 users in 4 taste communities; each qualified play is one row, plus one skip (< 30 s) per user. */
  private Map<String, Set<String>> writePlays(SparkSession spark, HarmoniaConfig config, LocalDate from, String prefix,
      Random random) {
    List<Row> rows = new ArrayList<>();
    Map<String, Set<String>> played = new HashMap<>();
    for (String[] triple : TasteCommunities.plays(60, 4, 15, 8, new Random(11))) {
      String user = prefix + triple[0];
      played.computeIfAbsent(user, u -> new HashSet<>()).add(triple[1]);
      for (int p = 0; p < Integer.parseInt(triple[2]); p++) {
        rows.add(play(from.plusDays(random.nextInt(3)), user, triple[1], 31_000 + random.nextInt(200_000)));
      }
    }
    for (String user : played.keySet()) {
      rows.add(play(from, user, "skipped-song", 5_000)); // too short to count: never a known song
    }
    spark.createDataFrame(rows, PLAYS).write().format("org.apache.spark.sql.cassandra")
        .option("keyspace", config.cassandra().keyspace()).option("table", "plays_by_day")
        .mode(SaveMode.Append).save();
    return played;
  }

  private static Row play(LocalDate day, String user, String song, int durationMs) {
    UUID event = UUID.randomUUID();
    Timestamp at = Timestamp.from(day.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(3600));
    return RowFactory.create(Date.valueOf(day), Math.floorMod(event.hashCode(), 16), event.toString(), user, song, at,
        durationMs, 320, "PREMIUM", at);
  }

  private RunReport run(SparkSession spark, HarmoniaConfig config, LocalDate from, String gateMargin) {
    JobOptions options = JobOptions.parse(new String[] {"--input", "cassandra", "--from", from.toString(),
        "--to", from.plusDays(2).toString(), "--rank", "8", "--max-iter", "8", "--reg-param", "0.05", "--alpha", "10",
        "--min-item-users", "1", "--taste-groups", "4", "--genres", "false", "--gate-margin", gateMargin,
        "--report-dir", dir.resolve("reports").toString()}, dir);
    return new RecoJob(spark, config, options).run();
  }
}
