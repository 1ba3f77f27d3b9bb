package io.harmonia.clients;

import io.harmonia.config.HarmoniaConfig;
import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/** A pooled Redis client (Jedis). */
public final class RedisClients {

  private RedisClients() {}

  public static JedisPooled pooled(HarmoniaConfig config, Duration timeout) {
    return pooled(config, timeout, 8);
  }

  /**
   * With up to {@code maxConnections} connections: a server should allow about as many as the
   * requests it handles at once, or its threads queue for a connection (Jedis's default is 8).
   */
  public static JedisPooled pooled(HarmoniaConfig config, Duration timeout, int maxConnections) {
    HarmoniaConfig.Redis r = config.redis();
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(maxConnections);
    pool.setMaxIdle(maxConnections);
    pool.setMaxWait(timeout);
    return new JedisPooled(new HostAndPort(r.host(), r.port()),
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis((int) timeout.toMillis())
            .socketTimeoutMillis((int) timeout.toMillis())
            .build(),
        pool);
  }
}
