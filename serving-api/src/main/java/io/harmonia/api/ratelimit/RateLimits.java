package io.harmonia.api.ratelimit;

import io.harmonia.config.HarmoniaConfig;
import java.time.Duration;

/**
 * The API's rate limits (environment variables {@code HARMONIA_RATE_LIMIT_*}, README lists them):
 * a token bucket per signed-in user across the authenticated {@code /api/v1} routes, and one per
 * client address across the public ones (sign-up, token), where there is no user yet and where a
 * password-guessing script would knock.
 *
 * @param enabled false turns the limiter off (HARMONIA_RATE_LIMIT_ENABLED=false): for a deployment whose
 *     gateway limits already, and for measuring what the limiter costs
 * @param user the bucket of each signed-in user
 * @param address the bucket of each client address, for the public routes
 * @param leaseTokens how many tokens one API process takes from a Redis bucket at once (1 = a Redis
 *     round trip per request; more = fewer round trips, see {@link RateLimiter})
 * @param leaseIdle how long a process keeps tokens it took but did not use
 */
public record RateLimits(boolean enabled, Bucket user, Bucket address, int leaseTokens, Duration leaseIdle) {

  /** Refills {@code perSecond} tokens a second up to {@code burst}; one request takes one token. */
  public record Bucket(double perSecond, int burst) {
    public Bucket {
      if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
        throw new IllegalStateException("a rate limit needs a positive finite rate, got " + perSecond);
      }
      if (burst < 1) {
        throw new IllegalStateException("a rate limit needs a burst of at least 1, got " + burst);
      }
    }
  }

  public RateLimits {
    if (leaseTokens < 1) {
      throw new IllegalStateException("HARMONIA_RATE_LIMIT_LEASE_TOKENS must be at least 1, got " + leaseTokens);
    }
  }

  public static RateLimits from(HarmoniaConfig config) {
    return new RateLimits(
        !config.get("HARMONIA_RATE_LIMIT_ENABLED", "true").trim().equalsIgnoreCase("false"),
        new Bucket(rate(config, "HARMONIA_RATE_LIMIT_USER_PER_SECOND", 20), config.getInt("HARMONIA_RATE_LIMIT_USER_BURST", 100)),
        new Bucket(rate(config, "HARMONIA_RATE_LIMIT_ADDRESS_PER_SECOND", 2), config.getInt("HARMONIA_RATE_LIMIT_ADDRESS_BURST", 20)),
        config.getInt("HARMONIA_RATE_LIMIT_LEASE_TOKENS", 10),
        Duration.ofMillis(config.getLong("HARMONIA_RATE_LIMIT_LEASE_IDLE_MS", 2000)));
  }

  private static double rate(HarmoniaConfig config, String name, double defaultValue) {
    String value = config.get(name, null);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalStateException(name + " must be a number (tokens per second), got '" + value + "'", e);
    }
  }
}
