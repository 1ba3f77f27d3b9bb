package io.harmonia.api.playlists;

import io.harmonia.api.redis.RedisCircuit;
import io.harmonia.api.redis.RedisScript;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.JedisPooled;

/**
 * Playlists as JSON in Redis, {@code playlist:{id}} = {version, json}, expiring after the TTL.
 *
 * <p>An entry is served only for the version PostgreSQL has now: every read first reads the
 * playlist's row (it must anyway, to check who may read it) and compares. So a stale entry is
 * never served, whatever left it there: a write whose invalidation could not reach Redis (down or
 * unreachable, not restarted), or a reader that loaded an older version while a write committed
 * and stored it after the write's {@code DEL}. Such an entry costs one reload, which replaces it.
 * Stores are compare-and-set on the version (a Lua script), so an older copy never replaces a
 * newer one. Writers still delete the entry after commit, which frees the memory of deleted
 * playlists and makes the next read a plain miss.
 *
 * <p>Song metadata in the entry (title, artist) may lag a catalog change by up to the TTL.
 */
final class PlaylistCache {

  private final JedisPooled redis;
  private final RedisCircuit circuit;
  private final long ttlSeconds;
  private final RedisScript putIfNewer = RedisScript.fromResource("/redis/playlist-put.lua");
  private final Counter hits;
  private final Counter stale;
  private final Counter misses;

  PlaylistCache(JedisPooled redis, RedisCircuit circuit, Duration ttl, MeterRegistry metrics) {
    this.redis = redis;
    this.circuit = circuit;
    this.ttlSeconds = ttl.toSeconds();
    this.hits = requests(metrics, "redis");
    this.stale = requests(metrics, "stale");
    this.misses = requests(metrics, "miss");
  }

  private static Counter requests(MeterRegistry metrics, String result) {
    return Counter.builder("harmonia.cache.requests").description("playlist lookups by where they were answered")
        .tag("cache", "playlist").tag("result", result).register(metrics);
  }

  static String key(String playlistId) {
    return "playlist:" + playlistId;
  }

  /** The cached JSON of exactly this version, if Redis has it. */
  Optional<String> get(String playlistId, long version) {
    Optional<List<String>> entry = circuit.call("GET " + key(playlistId), () -> redis.hmget(key(playlistId), "version", "json"));
    String cachedVersion = entry.map(e -> e.get(0)).orElse(null);
    if (cachedVersion == null || entry.get().get(1) == null) {
      misses.increment();
      return Optional.empty();
    }
    if (!cachedVersion.equals(Long.toString(version))) {
      stale.increment();
      return Optional.empty();
    }
    hits.increment();
    return Optional.of(entry.get().get(1));
  }

  void put(String playlistId, long version, String json) {
    circuit.run("SET " + key(playlistId), () -> putIfNewer.run(redis, List.of(key(playlistId)),
        List.of(Long.toString(version), json, Long.toString(ttlSeconds))));
  }

  /** After a write's commit. When Redis is unreachable the entry stays, and {@link #get} refuses it. */
  void invalidate(String playlistId) {
    circuit.run("DEL " + key(playlistId), () -> redis.del(key(playlistId)));
  }
}
