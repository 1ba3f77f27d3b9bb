package io.harmonia.reco.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.clients.RecoKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Stage "publish": writes a run's playlists under its own prefix, then makes it current with one
 * atomic command. Until that command, readers keep resolving the previous run, whose keys are
 * untouched; after it, they resolve the new run, which is complete. A run that fails before the
 * switch leaves only unreferenced keys, which expire by TTL or are deleted by the next run.
 */
public final class RedisPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(RedisPublisher.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Makes ARGV[1] current unless a run at least as new already is (run ids sort by start time), so
   * that a slow, older run can never replace a newer one. Returns the current run after the call.
   */
  private static final String SWITCH_SCRIPT = """
      local current = redis.call('GET', KEYS[1])
      if current and current >= ARGV[1] then return current end
      if current then redis.call('SET', KEYS[2], current) end
      redis.call('SET', KEYS[1], ARGV[1])
      return ARGV[1]
      """;

  private static final int PIPELINE_BATCH = 500;

  public record Target(String host, int port) implements java.io.Serializable {}

  public record Result(String runId, boolean switched, String currentRun, String previousRun,
      long discoverWeeklyKeys, long dailyMixKeys, List<String> deletedRuns) {}

  private RedisPublisher() {}

  /**
   * @param discoverWeekly {@code (user_id, item_ids)}
   * @param dailyMixes {@code (user_id, mix, group, item_ids, known, fresh)}
   * @param popular the fallback list for users without history, most popular first
   */
  public static Result publish(Target target, String runId, Instant generatedAt, Dataset<Row> discoverWeekly,
      Dataset<Row> dailyMixes, List<String> popular, Map<String, Object> manifest) {
    String generated = generatedAt.toString();
    try (Jedis redis = connect(target)) {
      redis.zadd(RecoKeys.RUNS, generatedAt.toEpochMilli(), runId);

      long dw = write(target, discoverWeeklyDocuments(discoverWeekly, runId, generated),
          RecoKeys.DISCOVER_WEEKLY_TTL.toSeconds());
      long mixes = write(target, dailyMixDocuments(dailyMixes, runId, generated), RecoKeys.DAILY_MIX_TTL.toSeconds());

      Map<String, Object> popularDoc = new LinkedHashMap<>();
      popularDoc.put("playlist_name", "Popular on Harmonia");
      popularDoc.put("kind", "popular");
      popularDoc.put("song_ids", popular);
      popularDoc.put("generated_at", generated);
      popularDoc.put("model_run_id", runId);
      popularDoc.put("fallback", true);
      redis.set(RecoKeys.popular(runId), json(popularDoc), SetParams.setParams().ex(RecoKeys.POPULAR_TTL.toSeconds()));

      Map<String, Object> manifestDoc = new LinkedHashMap<>(manifest);
      manifestDoc.put("run_id", runId);
      manifestDoc.put("generated_at", generated);
      manifestDoc.put("discover_weekly_keys", dw);
      manifestDoc.put("daily_mix_keys", mixes);
      redis.set(RecoKeys.manifest(runId), json(manifestDoc),
          SetParams.setParams().ex(RecoKeys.DISCOVER_WEEKLY_TTL.toSeconds()));

      String current = (String) redis.eval(SWITCH_SCRIPT,
          List.of(RecoKeys.CURRENT_RUN, RecoKeys.PREVIOUS_RUN), List.of(runId));
      boolean switched = runId.equals(current);
      String previous = redis.get(RecoKeys.PREVIOUS_RUN);
      if (switched) {
        LOG.info("Run {} is current ({} Discover Weekly, {} Daily Mix keys); previous run {}", runId, dw, mixes, previous);
      } else {
        LOG.warn("Run {} was written but not switched to: the newer run {} is current", runId, current);
      }
      List<String> deleted = deleteOldRuns(redis, current, previous);
      return new Result(runId, switched, current, previous, dw, mixes, deleted);
    }
  }

  static Dataset<Row> discoverWeeklyDocuments(Dataset<Row> discoverWeekly, String runId, String generatedAt) {
    return discoverWeekly.select(
        concat(lit(RecoKeys.runPrefix(runId)), col("user_id"), lit(":discover-weekly")).as("key"),
        to_json(struct(
            lit("Discover Weekly").as("playlist_name"),
            lit("discover-weekly").as("kind"),
            col("user_id"),
            col("item_ids").as("song_ids"),
            lit(generatedAt).as("generated_at"),
            lit(runId).as("model_run_id"),
            lit(false).as("fallback"))).as("value"));
  }

  static Dataset<Row> dailyMixDocuments(Dataset<Row> dailyMixes, String runId, String generatedAt) {
    return dailyMixes.select(
        concat(lit(RecoKeys.runPrefix(runId)), col("user_id"), lit(":daily-mix:"), col("mix").cast("string")).as("key"),
        to_json(struct(
            concat(lit("Daily Mix "), col("mix").cast("string")).as("playlist_name"),
            lit("daily-mix").as("kind"),
            col("user_id"),
            col("mix"),
            col("group").as("theme"),
            col("item_ids").as("song_ids"),
            col("known").as("known_songs"),
            col("fresh").as("new_songs"),
            lit(generatedAt).as("generated_at"),
            lit(runId).as("model_run_id"),
            lit(false).as("fallback"))).as("value"));
  }

  /** SET key value EX ttl for every row {@code (key, value)}, pipelined from each partition. */
  private static long write(Target target, Dataset<Row> documents, long ttlSeconds) {
    LongAccumulator written = documents.sparkSession().sparkContext().longAccumulator("redis-keys-written");
    documents.foreachPartition((ForeachPartitionFunction<Row>) rows -> {
      try (Jedis redis = connect(target)) {
        Pipeline pipeline = redis.pipelined();
        int pending = 0;
        while (rows.hasNext()) {
          Row row = rows.next();
          pipeline.set(row.getString(0), row.getString(1), SetParams.setParams().ex(ttlSeconds));
          if (++pending == PIPELINE_BATCH) {
            pipeline.sync();
            written.add(pending);
            pending = 0;
          }
        }
        pipeline.sync();
        written.add(pending);
      }
    });
    return written.value();
  }

  /**
   * Deletes the runs that started before the previous one: a reader may still be on the previous
   * run, and a run that started later may still be writing.
   */
  private static List<String> deleteOldRuns(Jedis redis, String current, String previous) {
    List<String> deleted = new ArrayList<>();
    Double keepFrom = redis.zscore(RecoKeys.RUNS, previous != null ? previous : current);
    if (keepFrom == null) {
      return deleted;
    }
    for (String run : redis.zrangeByScore(RecoKeys.RUNS, "-inf", "(" + keepFrom)) {
      if (run.equals(current) || run.equals(previous)) {
        continue;
      }
      ScanParams match = new ScanParams().match(RecoKeys.runPrefix(run) + "*").count(1000);
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page = redis.scan(cursor, match);
        if (!page.getResult().isEmpty()) {
          redis.unlink(page.getResult().toArray(String[]::new));
        }
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
      redis.zrem(RecoKeys.RUNS, run);
      deleted.add(run);
    }
    if (!deleted.isEmpty()) {
      LOG.info("Deleted the keys of older runs {}", deleted);
    }
    return deleted;
  }

  public static Jedis connect(Target target) {
    return new Jedis(new HostAndPort(target.host(), target.port()),
        DefaultJedisClientConfig.builder().connectionTimeoutMillis(5000).socketTimeoutMillis(30000).build());
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
