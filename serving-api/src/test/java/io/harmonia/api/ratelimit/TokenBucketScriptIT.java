package io.harmonia.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.api.redis.RedisScript;
import io.harmonia.clients.RedisClients;
import io.harmonia.config.HarmoniaConfig;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** The token bucket's arithmetic, run by the real Redis: what it grants, when it refuses, for how long. */
class TokenBucketScriptIT {

  static JedisPooled redis;
  static final RedisScript BUCKET = RedisScript.fromResource("/redis/token-bucket.lua");

  @BeforeAll
  static void connect() {
    redis = RedisClients.pooled(HarmoniaConfig.fromEnvironment(), Duration.ofSeconds(2));
  }

  @AfterAll
  static void close() {
    redis.close();
  }

  /** {granted, left, wait ms} */
  private static List<Long> take(String bucket, double perSecond, int burst, int wanted) {
    @SuppressWarnings("unchecked")
    List<Long> answer = (List<Long>) BUCKET.run(redis, List.of(bucket),
        List.of(String.valueOf(perSecond), String.valueOf(burst), String.valueOf(wanted)));
    return answer;
  }

  private static String newBucket() {
    return "ratelimit:test:" + UUID.randomUUID();
  }

  @Test
  void aNewBucketIsFullAndGrantsWhatItHoldsAtMost() {
    String bucket = newBucket();
    assertThat(take(bucket, 0.1, 5, 3)).containsExactly(3L, 2L, 0L);
    assertThat(take(bucket, 0.1, 5, 10)).containsExactly(2L, 0L, 0L);
  }

  @Test
  void anEmptyBucketSaysHowLongUntilTheNextToken() {
    String bucket = newBucket();
    take(bucket, 0.5, 2, 2);
    List<Long> refused = take(bucket, 0.5, 2, 1);
    assertThat(refused.get(0)).isZero();
    assertThat(refused.get(2)).as("one token at half a token a second").isBetween(1L, 2000L);
  }

  @Test
  void aLowerBurstCapsABucketFilledUnderAHigherOne() {
    String bucket = newBucket();
    take(bucket, 1, 1000, 1);
    assertThat(take(bucket, 1, 3, 10).get(0)).isEqualTo(3L);
  }

  @Test
  void aBucketExpiresOnceItWouldBeFullAgain() {
    String bucket = newBucket();
    take(bucket, 10, 20, 1);
    assertThat(redis.pttl(bucket)).isBetween(1L, 20 * 1000 / 10 + 1000L);
  }
}
