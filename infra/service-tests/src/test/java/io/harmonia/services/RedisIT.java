package io.harmonia.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.clients.RedisClients;
import io.harmonia.config.HarmoniaConfig;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.SetParams;

/** Redis through Jedis. */
class RedisIT {

  @Test
  void storesAValueWithATimeToLive() {
    try (JedisPooled redis = RedisClients.pooled(HarmoniaConfig.fromEnvironment(), Duration.ofSeconds(2))) {
      String key = "it:song:" + UUID.randomUUID();
      redis.set(key, "{\"title\":\"Ace of Spades\"}", SetParams.setParams().ex(3600));

      assertThat(redis.get(key)).isEqualTo("{\"title\":\"Ace of Spades\"}");
      assertThat(redis.ttl(key)).isBetween(1L, 3600L);

      redis.del(key);
      assertThat(redis.get(key)).isNull();
    }
  }
}
