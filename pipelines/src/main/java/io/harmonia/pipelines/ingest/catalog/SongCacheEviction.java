package io.harmonia.pipelines.ingest.catalog;

import io.harmonia.clients.RedisClients;
import io.harmonia.clients.SongCacheKeys;
import io.harmonia.config.HarmoniaConfig;
import java.time.Duration;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Deletes the API's cached metadata ({@link SongCacheKeys}) of the songs an ingest changed, after
 * their transaction committed, so that listeners see a new title or rendition at once instead of
 * after the cache's TTL. Best effort: when Redis cannot be reached the ingest goes on (the catalog
 * is already right) and the TTL bounds how long the old metadata is served.
 */
public final class SongCacheEviction {

  private static final Logger log = LoggerFactory.getLogger(SongCacheEviction.class);
  private static SongCacheEviction shared;

  private final JedisPooled redis;

  public SongCacheEviction(JedisPooled redis) {
    this.redis = redis;
  }

  /** One client per JVM, shared by the ingest steps running in it. */
  public static synchronized SongCacheEviction shared() {
    if (shared == null) {
      shared = new SongCacheEviction(RedisClients.pooled(HarmoniaConfig.fromEnvironment(), Duration.ofSeconds(2), 4));
    }
    return shared;
  }

  /** Deletes the songs' entries; returns how many there were, or -1 when Redis could not be reached. */
  public long evict(Collection<String> songIds) {
    if (songIds.isEmpty()) {
      return 0;
    }
    try {
      return redis.del(songIds.stream().map(SongCacheKeys::song).toArray(String[]::new));
    } catch (JedisException e) {
      log.warn("could not delete the cached metadata of {} changed song(s) ({}); the cache's TTL bounds how long"
          + " the API serves the old one", songIds.size(), e.getMessage());
      return -1;
    }
  }
}
