package io.harmonia.api.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.harmonia.api.auth.Access;
import io.harmonia.api.auth.BearerAuth;
import io.harmonia.api.http.ApiProblem;
import io.harmonia.api.redis.RedisCircuit;
import io.harmonia.api.redis.RedisScript;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;

/**
 * Per-client token buckets in Redis across every {@code /api/v1} route: by user on the
 * authenticated routes, by client address on the public ones. Over the limit is a 429 problem
 * with {@code Retry-After}; every limited route answers {@code X-RateLimit-Limit} (the burst) and
 * {@code X-RateLimit-Remaining}.
 *
 * <p>The bucket lives in Redis ({@code ratelimit:user:{id}}, {@code ratelimit:address:{ip}}), so
 * every API process shares it; a Lua script refills and takes in one atomic step on Redis's clock.
 * So that the limiter does not add a Redis round trip to every request, a process takes up to
 * {@link RateLimits#leaseTokens()} tokens at once and spends them locally ({@link TokenLease}):
 * a busy client costs one round trip per lease, and nobody gets past the limit, because every
 * token spent was taken from the shared bucket first.
 *
 * <p>When Redis does not answer, requests are served (the limiter fails open): refusing all
 * traffic because a cache is down would be worse than a short unlimited window. {@link RedisCircuit}
 * logs the outage once and counts it; {@code harmonia_ratelimit_requests_total{result="fail_open"}}
 * counts what went through unchecked.
 */
public final class RateLimiter {

  private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
  private static final String API_PREFIX = "/api/v1/";

  private final JedisPooled redis;
  private final RedisCircuit circuit;
  private final RateLimits limits;
  private final RedisScript tokenBucket = RedisScript.fromResource("/redis/token-bucket.lua");
  private final Cache<String, TokenLease> leases;
  private final Map<String, Counter> outcomes;

  public RateLimiter(JedisPooled redis, RedisCircuit circuit, RateLimits limits, MeterRegistry metrics) {
    this.redis = redis;
    this.circuit = circuit;
    this.limits = limits;
    this.leases = Caffeine.newBuilder().expireAfterAccess(limits.leaseIdle()).maximumSize(200_000).build();
    this.outcomes = Map.of(
        "allowed", outcome(metrics, "allowed"),
        "limited", outcome(metrics, "limited"),
        "fail_open", outcome(metrics, "fail_open"));
  }

  private static Counter outcome(MeterRegistry metrics, String result) {
    return Counter.builder("harmonia.ratelimit.requests").description("rate-limited requests by outcome")
        .tag("result", result).register(metrics);
  }

  /** Runs after authentication (it needs the caller), before every matched route's handler. */
  public void register(RoutesConfig routes) {
    if (limits.enabled()) {
      routes.beforeMatched(this::limit);
    } else {
      log.warn("rate limits are off (HARMONIA_RATE_LIMIT_ENABLED=false)");
    }
  }

  private void limit(Context ctx) {
    if (!ctx.path().startsWith(API_PREFIX)) {
      return; // /health and /metrics are for the operators' tools
    }
    boolean anonymous = ctx.routeRoles().contains(Access.PUBLIC);
    String bucket = anonymous ? "ratelimit:address:" + ctx.ip() : "ratelimit:user:" + BearerAuth.principal(ctx).userId();
    RateLimits.Bucket limit = anonymous ? limits.address() : limits.user();
    Decision decision = decide(bucket, limit);
    outcomes.get(decision.outcome()).increment();
    if (decision.outcome().equals("fail_open")) {
      return;
    }
    ctx.header("X-RateLimit-Limit", String.valueOf(limit.burst()));
    ctx.header("X-RateLimit-Remaining", String.valueOf(decision.remaining()));
    if (decision.outcome().equals("limited")) {
      long seconds = TokenLease.retryAfterSeconds(decision.waitMs());
      ctx.header("Retry-After", String.valueOf(seconds));
      throw new ApiProblem(429, "rate-limited", "Too many requests",
          (anonymous ? "too many requests from this address" : "too many requests for this user")
              + ": the limit is " + limit.burst() + " at once and " + perSecond(limit)
              + " a second after that; retry in " + seconds + " s");
    }
  }

  private static String perSecond(RateLimits.Bucket limit) {
    double rate = limit.perSecond();
    return rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate);
  }

  record Decision(String outcome, long remaining, long waitMs) {}

  Decision decide(String bucket, RateLimits.Bucket limit) {
    int lease = Math.min(limits.leaseTokens(), limit.burst());
    TokenLease held = leases.get(bucket, key -> new TokenLease(lease / 2));
    switch (held.take()) {
      case SPENT -> {
        return new Decision("allowed", held.remaining(), 0);
      }
      case SPENT_TOP_UP -> {
        topUp(held, bucket, limit, lease);
        return new Decision("allowed", held.remaining(), 0);
      }
      default -> {
        Optional<Taken> taken = takeFromRedis(bucket, limit, lease);
        if (taken.isEmpty()) {
          return new Decision("fail_open", 0, 0);
        }
        if (taken.get().granted() == 0) {
          held.keep(0, taken.get().left());
          return new Decision("limited", 0, taken.get().waitMs());
        }
        held.keep((int) taken.get().granted() - 1, taken.get().left());
        return new Decision("allowed", held.remaining(), 0);
      }
    }
  }

  /** Done by the request that took the lease below its low-water mark; the others keep spending meanwhile. */
  private void topUp(TokenLease held, String bucket, RateLimits.Bucket limit, int lease) {
    try {
      takeFromRedis(bucket, limit, lease).ifPresent(t -> held.keep((int) t.granted(), t.left()));
    } finally {
      held.toppedUp();
    }
  }

  /** What the bucket script answered: tokens granted, tokens left, and the wait for one when none was. */
  private record Taken(long granted, long left, long waitMs) {}

  /** Up to {@code wanted} tokens from the shared bucket; empty when Redis did not answer. */
  private Optional<Taken> takeFromRedis(String bucket, RateLimits.Bucket limit, int wanted) {
    return circuit.call("rate limit " + bucket, () -> tokenBucket.run(redis, List.of(bucket),
            List.of(String.valueOf(limit.perSecond()), String.valueOf(limit.burst()), String.valueOf(wanted))))
        .map(answer -> {
          List<?> result = (List<?>) answer;
          return new Taken((Long) result.get(0), (Long) result.get(1), (Long) result.get(2));
        });
  }
}
