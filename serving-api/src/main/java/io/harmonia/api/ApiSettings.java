package io.harmonia.api;

import io.harmonia.api.ratelimit.RateLimits;
import io.harmonia.config.HarmoniaConfig;
import java.time.Duration;

/**
 * What the API reads from the platform configuration (environment variables, completed by
 * {@code $HARMONIA_STATE_DIR/secrets.env}); README.md lists each variable with its default.
 */
public record ApiSettings(
    String host,
    int port,
    String jwtSecret,
    Duration tokenLifetime,
    String edgeBaseUrl,
    String edgeSigningKey,
    Duration streamUrlValidity,
    Duration songCacheTtl,
    Duration songLocalCacheTtl,
    int songLocalCacheSize,
    long maxBodyBytes,
    int dbPoolSize,
    int redisPoolSize,
    Duration searchCacheTtl,
    Duration elasticsearchTimeout,
    Duration elasticsearchProbeInterval,
    Duration playlistCacheTtl,
    Duration idempotencyKeyRetention,
    String playIdKey,
    int freeMaxBitrate,
    RateLimits rateLimits) {

  private static int freeMaxBitrate(int kbps) {
    if (kbps != 128 && kbps != 256 && kbps != 320) {
      throw new IllegalArgumentException("HARMONIA_API_FREE_MAX_BITRATE must be 128, 256 or 320, got " + kbps);
    }
    return kbps;
  }

  /** The key play ids are signed with: HARMONIA_PLAY_ID_KEY, else one derived from the token secret. */
  public byte[] playIdKeyBytes() {
    return playIdKey != null && !playIdKey.isBlank()
        ? io.harmonia.api.playback.PlayIds.derivedKey(playIdKey)
        : io.harmonia.api.playback.PlayIds.derivedKey(jwtSecret);
  }

  public static ApiSettings from(HarmoniaConfig config) {
    HarmoniaConfig.Edge edge = config.edge();
    return new ApiSettings(
        config.host(),
        config.api().port(),
        config.require("HARMONIA_JWT_SECRET"),
        Duration.ofSeconds(config.getLong("HARMONIA_API_TOKEN_TTL_SECONDS", 3600)),
        edge.baseUrl(),
        edge.signingKey(),
        Duration.ofSeconds(config.getLong("HARMONIA_API_STREAM_URL_TTL_SECONDS", 3600)),
        Duration.ofSeconds(config.getLong("HARMONIA_API_SONG_CACHE_TTL_SECONDS", 3600)),
        Duration.ofSeconds(config.getLong("HARMONIA_API_SONG_LOCAL_CACHE_SECONDS", 10)),
        config.getInt("HARMONIA_API_SONG_LOCAL_CACHE_SIZE", 10_000),
        config.getLong("HARMONIA_API_MAX_BODY_BYTES", 64 * 1024),
        config.getInt("HARMONIA_API_DB_POOL_SIZE", 16),
        config.getInt("HARMONIA_API_REDIS_POOL_SIZE", 64),
        Duration.ofSeconds(config.getLong("HARMONIA_API_SEARCH_CACHE_TTL_SECONDS", 300)),
        Duration.ofMillis(config.getLong("HARMONIA_API_ES_TIMEOUT_MS", 2000)),
        Duration.ofMillis(config.getLong("HARMONIA_API_ES_PROBE_MS", 2000)),
        Duration.ofSeconds(config.getLong("HARMONIA_API_PLAYLIST_CACHE_TTL_SECONDS", 300)),
        Duration.ofHours(config.getLong("HARMONIA_API_IDEMPOTENCY_KEY_HOURS", 24)),
        config.get("HARMONIA_PLAY_ID_KEY", null),
        freeMaxBitrate(config.getInt("HARMONIA_API_FREE_MAX_BITRATE", 128)),
        RateLimits.from(config));
  }
}
