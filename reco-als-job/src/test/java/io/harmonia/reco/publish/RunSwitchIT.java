package io.harmonia.reco.publish;

import static io.harmonia.reco.TestSpark.frame;
import static io.harmonia.reco.TestSpark.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.clients.RecoKeys;
import io.harmonia.config.HarmoniaConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The switch alone, against the real Redis: a newer run replaces the current one and keeps it as
 * previous; an older run that finishes late never replaces a newer one; runs older than the
 * previous one are deleted. The test runs date from 1999 and the real pointers are put back.
 */
class RunSwitchIT {

  private final HarmoniaConfig config = HarmoniaConfig.fromEnvironment();
  private final RedisPublisher.Target target = new RedisPublisher.Target(config.redis().host(), config.redis().port());

  @Test
  void runsSwitchInStartOrderAndOldRunsAreDeleted() {
    // Runs from 1999: older than any real run, so the clean-up below never reaches a real run's keys.
    // The real pointers are set aside for the test and put back after it.
    Instant t0 = Instant.parse("1999-01-01T00:00:00Z");
    String realCurrent;
    String realPrevious;
    try (Jedis redis = RedisPublisher.connect(target)) {
      realCurrent = redis.get(RecoKeys.CURRENT_RUN);
      realPrevious = redis.get(RecoKeys.PREVIOUS_RUN);
      redis.del(RecoKeys.CURRENT_RUN, RecoKeys.PREVIOUS_RUN);
    }
    String a = publish("19990101T000000Z-aaaaaa", t0);
    String b = publish("19990101T000100Z-bbbbbb", t0.plusSeconds(60));

    try (Jedis redis = RedisPublisher.connect(target)) {
      assertThat(redis.get(RecoKeys.CURRENT_RUN)).isEqualTo(b);
      assertThat(redis.get(RecoKeys.PREVIOUS_RUN)).isEqualTo(a);
      assertThat(redis.exists(RecoKeys.discoverWeekly(a, "u1"))).isTrue();

      RedisPublisher.Result late = RedisPublisher.publish(target, "19990101T000030Z-cccccc", t0.plusSeconds(30),
          dw(), mixes(), List.of("s1"), Map.of());
      assertThat(late.switched()).isFalse();
      assertThat(redis.get(RecoKeys.CURRENT_RUN)).isEqualTo(b);

      String d = publish("19990101T000200Z-dddddd", t0.plusSeconds(120));
      assertThat(redis.get(RecoKeys.CURRENT_RUN)).isEqualTo(d);
      assertThat(redis.get(RecoKeys.PREVIOUS_RUN)).isEqualTo(b);
      // a and the late c started before b, the previous run: gone; b stays for readers in flight
      assertThat(redis.keys(RecoKeys.runPrefix(a) + "*")).isEmpty();
      assertThat(redis.keys(RecoKeys.runPrefix("19990101T000030Z-cccccc") + "*")).isEmpty();
      assertThat(redis.get(RecoKeys.discoverWeekly(b, "u1"))).contains("\"song_ids\":[\"s2\",\"s3\"]");
      assertThat(redis.get(RecoKeys.dailyMix(d, "u1", 1))).contains("\"theme\":\"Jazz\"");

      for (String run : List.of(b, d)) {
        redis.keys(RecoKeys.runPrefix(run) + "*").forEach(redis::del);
        redis.zrem(RecoKeys.RUNS, run);
      }
    } finally {
      try (Jedis redis = RedisPublisher.connect(target)) {
        redis.del(RecoKeys.CURRENT_RUN, RecoKeys.PREVIOUS_RUN);
        if (realCurrent != null) {
          redis.set(RecoKeys.CURRENT_RUN, realCurrent);
        }
        if (realPrevious != null) {
          redis.set(RecoKeys.PREVIOUS_RUN, realPrevious);
        }
      }
    }
  }

  private String publish(String runId, Instant at) {
    assertThat(RedisPublisher.publish(target, runId, at, dw(), mixes(), List.of("s1"), Map.of()).switched()).isTrue();
    return runId;
  }

  private static Dataset<Row> dw() {
    return frame("user_id string, item_ids array<string>", row("u1", List.of("s2", "s3")));
  }

  private static Dataset<Row> mixes() {
    return frame("user_id string, mix int, group string, item_ids array<string>, known int, fresh int",
        row("u1", 1, "Jazz", List.of("s1", "s2"), 1, 1));
  }
}
