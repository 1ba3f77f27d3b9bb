package io.harmonia.api.playlists;

import io.harmonia.api.catalog.SongCache;
import io.harmonia.api.http.JsonBodies;
import io.harmonia.api.redis.RedisCircuit;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;

/**
 * The playlists resource, built from the stores: its three handlers, and the background task that
 * forgets idempotency keys once they are older than the retention (they answer retries, and
 * retries come within minutes; the retention is a day by default).
 */
public record Playlists(PlaylistHandler lists, PlaylistSongsHandler songs, CollaboratorHandler collaborators,
    AutoCloseable keyRetention) {

  private static final Logger log = LoggerFactory.getLogger(Playlists.class);

  public static Playlists wire(DataSource db, JedisPooled redis, RedisCircuit circuit, SongCache catalog,
      JsonBodies bodies, Duration cacheTtl, Duration keyRetention, MeterRegistry metrics) {
    PlaylistCache cache = new PlaylistCache(redis, circuit, cacheTtl, metrics);
    PlaylistLocks locks = new PlaylistLocks(db, cache);
    IdempotencyKeys keys = new IdempotencyKeys(db);
    PlaylistEditor editor = new PlaylistEditor(db, locks, keys);
    return new Playlists(
        new PlaylistHandler(new PlaylistReader(db, cache), editor, bodies),
        new PlaylistSongsHandler(new SongListEditor(db, locks, keys), catalog, bodies),
        new CollaboratorHandler(editor, bodies),
        forgetKeys(keys, keyRetention));
  }

  private static AutoCloseable forgetKeys(IdempotencyKeys keys, Duration retention) {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "idempotency-key-retention");
      t.setDaemon(true);
      return t;
    });
    long everyMinutes = Math.max(1, Math.min(60, retention.toMinutes() / 10));
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        int forgotten = keys.forgetOlderThan(retention);
        if (forgotten > 0) {
          log.info("forgot {} idempotency keys older than {}", forgotten, retention);
        }
      } catch (RuntimeException e) {
        log.warn("could not forget old idempotency keys (will try again): {}", e.getMessage());
      }
    }, 1, everyMinutes, TimeUnit.MINUTES);
    return scheduler::shutdownNow;
  }
}
