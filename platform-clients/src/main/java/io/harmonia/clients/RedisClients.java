package io.harmonia.clients;

import io.harmonia.config.HarmoniaConfig;
import java.time.Duration;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/** A pooled Redis client (Jedis). */
public final class RedisClients {

  private RedisClients() {}

  public static JedisPooled pooled(HarmoniaConfig config, Duration timeout) {
    HarmoniaConfig.Redis r = config.redis();
    return new JedisPooled(new HostAndPort(r.host(), r.port()),
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis((int) timeout.toMillis())
            .socketTimeoutMillis((int) timeout.toMillis())
            .build());
  }
}
