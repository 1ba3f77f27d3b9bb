package io.harmonia.api;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.harmonia.api.auth.AccessTokens;
import io.harmonia.api.auth.AuthHandler;
import io.harmonia.api.auth.BearerAuth;
import io.harmonia.api.auth.PasswordHasher;
import io.harmonia.api.catalog.AlbumHandler;
import io.harmonia.api.catalog.ArtistHandler;
import io.harmonia.api.catalog.CatalogRepository;
import io.harmonia.api.catalog.SongCache;
import io.harmonia.api.catalog.SongHandler;
import io.harmonia.api.health.HealthHandler;
import io.harmonia.api.health.HealthRegistry;
import io.harmonia.api.http.JsonBodies;
import io.harmonia.api.metrics.MetricsHandler;
import io.harmonia.api.openapi.OpenApiHandler;
import io.harmonia.api.playback.PlayIds;
import io.harmonia.api.playback.PlaybackHandler;
import io.harmonia.api.playback.TierCaps;
import io.harmonia.api.plays.PlayEventHandler;
import io.harmonia.api.plays.PlayEventRules;
import io.harmonia.api.plays.PlayHistory;
import io.harmonia.api.plays.PlayStores;
import io.harmonia.api.plays.RecentlyPlayedHandler;
import io.harmonia.api.playback.StreamUrlSigner;
import io.harmonia.api.playlists.Playlists;
import io.harmonia.api.ratelimit.RateLimiter;
import io.harmonia.api.recommendations.RecommendationHandler;
import io.harmonia.api.recommendations.RecommendationStore;
import io.harmonia.api.redis.RedisCircuit;
import io.harmonia.api.royalties.RoyaltyExportsHandler;
import io.harmonia.api.search.ElasticsearchBreaker;
import io.harmonia.api.search.ElasticsearchSearch;
import io.harmonia.api.search.SearchHandler;
import io.harmonia.api.search.SearchService;
import io.harmonia.api.search.TrigramSearch;
import io.harmonia.api.users.UserHandler;
import io.harmonia.api.users.UserRepository;
import io.harmonia.config.HarmoniaConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import redis.clients.jedis.JedisPooled;

/**
 * One handler per resource, built from the clients {@code main} opened; no container, just
 * constructors. A new resource adds its handler here, its routes in {@link HarmoniaApi#routes},
 * its stores to the health registry below, and its paths to {@code openapi.json}.
 */
public record Handlers(
    BearerAuth bearerAuth,
    RateLimiter rateLimiter,
    UserHandler users,
    AuthHandler auth,
    SongHandler songs,
    ArtistHandler artists,
    AlbumHandler albums,
    PlaybackHandler playback,
    Playlists playlists,
    PlayEventHandler playEvents,
    RecentlyPlayedHandler recentlyPlayed,
    RecommendationHandler recommendations,
    SearchHandler search,
    RoyaltyExportsHandler royalties,
    HealthHandler health,
    MetricsHandler metrics,
    OpenApiHandler openApi) {

  static Handlers wire(ApiSettings settings, DataSource db, JedisPooled redis, ElasticsearchClient es, PlayStores plays,
      PrometheusMeterRegistry metrics, HealthRegistry health, Clock clock) {
    JsonBodies bodies = new JsonBodies(settings.maxBodyBytes());
    PasswordHasher passwords = PasswordHasher.owaspDefaults();
    AccessTokens tokens = new AccessTokens(settings.jwtSecret(), settings.tokenLifetime(), clock);
    UserRepository users = new UserRepository(db);
    CatalogRepository catalog = new CatalogRepository(db, metrics);
    SongCache songCache = new SongCache(redis, catalog::findSongs, settings.songCacheTtl(),
        settings.songLocalCacheTtl(), settings.songLocalCacheSize(), metrics);
    StreamUrlSigner signer = new StreamUrlSigner(settings.edgeBaseUrl(), settings.edgeSigningKey(),
        settings.streamUrlValidity(), clock);
    PlayIds playIds = new PlayIds(settings.playIdKeyBytes());
    RedisCircuit redisCircuit = new RedisCircuit(Duration.ofSeconds(1), metrics);

    ElasticsearchSearch elasticsearch = new ElasticsearchSearch(es);
    ElasticsearchBreaker breaker = new ElasticsearchBreaker(elasticsearch::ping, settings.elasticsearchProbeInterval());
    SearchService search = new SearchService(elasticsearch, new TrigramSearch(db), breaker, redis,
        settings.searchCacheTtl(), metrics);

    health.register("postgres", () -> {
      try (Connection c = db.getConnection()) {
        if (!c.isValid(2)) {
          throw new IllegalStateException("connection is not valid");
        }
      }
    });
    health.register("redis", () -> {
      String pong = redis.ping();
      if (!"PONG".equals(pong)) {
        throw new IllegalStateException("PING answered " + pong);
      }
    });
    health.register("kafka", plays.publisher()::check);
    health.register("cassandra", plays.cassandra()::check);
    // search still answers without it (from PostgreSQL, degraded); /health says so
    health.register("elasticsearch", elasticsearch::ping);

    return new Handlers(
        new BearerAuth(tokens),
        new RateLimiter(redis, redisCircuit, settings.rateLimits(), metrics),
        new UserHandler(users, passwords, bodies),
        new AuthHandler(users, passwords, tokens, bodies),
        new SongHandler(songCache),
        new ArtistHandler(catalog),
        new AlbumHandler(catalog),
        new PlaybackHandler(songCache, signer, playIds, new TierCaps(settings.freeMaxBitrate()), clock),
        Playlists.wire(db, redis, redisCircuit, songCache, bodies, settings.playlistCacheTtl(),
            settings.idempotencyKeyRetention(), metrics),
        new PlayEventHandler(new PlayEventRules(plays.settings(), songId -> songCache.get(songId).isPresent(), playIds),
            plays.publisher(), plays.settings(), bodies, clock, metrics),
        new RecentlyPlayedHandler(new PlayHistory(plays.cassandra()), songCache, plays.settings()),
        new RecommendationHandler(new RecommendationStore(redis), songCache, catalog, clock),
        new SearchHandler(search, breaker),
        RoyaltyExportsHandler.from(HarmoniaConfig.fromEnvironment(), clock),
        new HealthHandler(health),
        new MetricsHandler(metrics),
        new OpenApiHandler());
  }

  static HealthRegistry newHealthRegistry() {
    return new HealthRegistry(Duration.ofSeconds(2));
  }
}
