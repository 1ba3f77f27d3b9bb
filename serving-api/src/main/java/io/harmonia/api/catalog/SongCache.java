package io.harmonia.api.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.harmonia.api.http.Json;
import io.harmonia.clients.SongCacheKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Song metadata, read through Redis ({@code song:{id}}, JSON, expiring after the TTL) in front of
 * the database, with a small in-process tier in front of Redis.
 *
 * <p>Concurrent misses for one song are coalesced in this process: the first caller loads, the
 * others wait for its result, so a burst on a cold song makes one database read, not one per
 * request. The leader looks at Redis once more before loading, which closes the window in which a
 * caller misses just as the previous load finishes. Redis being down degrades to database reads
 * (still coalesced) rather than failing requests; /health reports it.
 *
 * <p>The in-process tier keeps decoded songs for a few seconds (bounded in size): a hit song asked
 * for thousands of times a second costs one Redis read per instance per interval instead of one
 * per play. The catalog ingest deletes a song's Redis entry after it changed the song, so a change
 * shows within those seconds; were that delete lost (Redis down during the ingest), the entry's TTL
 * bounds how long the old metadata is served.
 *
 * <p>Lists of songs (recommendations) are read with {@link #getAll}: one {@code MGET}, one database
 * query for what Redis lacks, one pipeline to cache it — never a round trip per song.
 */
public final class SongCache {

  private static final Logger log = LoggerFactory.getLogger(SongCache.class);

  private final JedisPooled redis;
  private final Function<Collection<String>, Map<String, Song>> loader;
  private final long ttlSeconds;
  private final Cache<String, Song> local;
  private final ConcurrentHashMap<String, CompletableFuture<Optional<Song>>> loading = new ConcurrentHashMap<>();
  private final Counter localHits;
  private final Counter redisHits;
  private final Counter misses;

  /**
   * @param loader reads songs from the database; leaves out the ids it does not know
   * @param ttl how long Redis keeps a song
   * @param localTtl how long this process keeps a decoded song; zero turns the in-process tier off
   * @param localMaxEntries how many songs this process keeps at most
   */
  public SongCache(JedisPooled redis, Function<Collection<String>, Map<String, Song>> loader, Duration ttl, Duration localTtl,
      int localMaxEntries, MeterRegistry metrics) {
    this.redis = redis;
    this.loader = loader;
    this.ttlSeconds = ttl.toSeconds();
    this.local = localTtl.isZero() ? null
        : Caffeine.newBuilder().expireAfterWrite(localTtl).maximumSize(localMaxEntries).build();
    this.localHits = requests(metrics, "local");
    this.redisHits = requests(metrics, "redis");
    this.misses = requests(metrics, "miss");
  }

  /** Redis only, no in-process tier. */
  public SongCache(JedisPooled redis, Function<Collection<String>, Map<String, Song>> loader, Duration ttl,
      MeterRegistry metrics) {
    this(redis, loader, ttl, Duration.ZERO, 0, metrics);
  }

  private static Counter requests(MeterRegistry metrics, String result) {
    return Counter.builder("harmonia.cache.requests").description("song metadata lookups by where they were answered")
        .tag("cache", "song").tag("result", result).register(metrics);
  }

  public static String key(String songId) {
    return SongCacheKeys.song(songId);
  }

  public Optional<Song> get(String songId) {
    Song near = local == null ? null : local.getIfPresent(songId);
    if (near != null) {
      localHits.increment();
      return Optional.of(near);
    }
    Optional<Song> cached = fromRedis(songId);
    if (cached.isPresent()) {
      redisHits.increment();
      keepLocally(cached.get());
      return cached;
    }
    misses.increment();
    CompletableFuture<Optional<Song>> mine = new CompletableFuture<>();
    CompletableFuture<Optional<Song>> leader = loading.putIfAbsent(songId, mine);
    if (leader != null) {
      return await(leader);
    }
    try {
      Optional<Song> song = fromRedis(songId);
      if (song.isEmpty()) {
        song = Optional.ofNullable(loader.apply(List.of(songId)).get(songId));
        song.ifPresent(this::store);
      }
      song.ifPresent(this::keepLocally);
      mine.complete(song);
      return song;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      loading.remove(songId, mine);
    }
  }

  /**
   * The songs among {@code songIds} that the catalog has, by id. Concurrent loads of the same songs
   * are not coalesced here (a list's songs are seldom all cold at once; {@link #get} does coalesce).
   */
  public Map<String, Song> getAll(Collection<String> songIds) {
    Map<String, Song> found = new HashMap<>();
    List<String> wanted = new ArrayList<>();
    for (String songId : new LinkedHashSet<>(songIds)) {
      Song near = local == null ? null : local.getIfPresent(songId);
      if (near != null) {
        localHits.increment();
        found.put(songId, near);
      } else {
        wanted.add(songId);
      }
    }
    if (wanted.isEmpty()) {
      return found;
    }
    List<String> cached = fromRedis(wanted);
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < wanted.size(); i++) {
      Optional<Song> song = decode(wanted.get(i), cached.get(i));
      if (song.isPresent()) {
        redisHits.increment();
        keepLocally(song.get());
        found.put(wanted.get(i), song.get());
      } else {
        misses.increment();
        missing.add(wanted.get(i));
      }
    }
    if (!missing.isEmpty()) {
      Map<String, Song> loaded = loader.apply(missing);
      store(loaded.values());
      loaded.values().forEach(this::keepLocally);
      found.putAll(loaded);
    }
    return found;
  }

  private static Optional<Song> await(CompletableFuture<Optional<Song>> leader) {
    try {
      return leader.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  private void keepLocally(Song song) {
    if (local != null) {
      local.put(song.songId(), song);
    }
  }

  private Optional<Song> fromRedis(String songId) {
    String json;
    try {
      json = redis.get(key(songId));
    } catch (JedisException e) {
      log.warn("song cache unavailable, reading {} from the database: {}", songId, e.getMessage());
      return Optional.empty();
    }
    return decode(songId, json);
  }

  /** The cached JSON of each song, null where Redis has none (or does not answer). */
  private List<String> fromRedis(List<String> songIds) {
    try {
      return redis.mget(songIds.stream().map(SongCache::key).toArray(String[]::new));
    } catch (JedisException e) {
      log.warn("song cache unavailable, reading {} songs from the database: {}", songIds.size(), e.getMessage());
      return Collections.nCopies(songIds.size(), null);
    }
  }

  private static Optional<Song> decode(String songId, String json) {
    if (json == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.MAPPER.readValue(json, Song.class));
    } catch (JsonProcessingException e) {
      // written by another version of the API: treat as a miss; the reload overwrites it
      log.info("ignoring an unreadable cache entry {}: {}", key(songId), e.getOriginalMessage());
      return Optional.empty();
    }
  }

  private void store(Collection<Song> songs) {
    if (songs.isEmpty()) {
      return;
    }
    try (AbstractPipeline pipeline = redis.pipelined()) {
      songs.forEach(song -> pipeline.setex(key(song.songId()), ttlSeconds, Json.write(song)));
    } catch (JedisException e) {
      log.warn("could not cache {} songs: {}", songs.size(), e.getMessage());
    }
  }

  private void store(Song song) {
    try {
      redis.setex(key(song.songId()), ttlSeconds, Json.write(song));
    } catch (JedisException e) {
      log.warn("could not cache {}: {}", key(song.songId()), e.getMessage());
    }
  }
}
