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
    routes.beforeMatched(this::limit);
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
              + ": the limit is " + limit.burst() + " at once and " + limit.perSecond()
              + " a second after that; retry in " + seconds + " s");
    }
  }

  record Decision(String outcome, long remaining, long waitMs) {}

  Decision decide(String bucket, RateLimits.Bucket limit) {
    TokenLease lease = leases.get(bucket, key -> new TokenLease());
    if (lease.take()) {
      return new Decision("allowed", lease.remaining(), 0);
    }
    int wanted = Math.min(limits.leaseTokens(), limit.burst());
    Optional<Object> answer = circuit.call("rate limit " + bucket, () -> tokenBucket.run(redis, List.of(bucket),
        List.of(String.valueOf(limit.perSecond()), String.valueOf(limit.burst()), String.valueOf(wanted))));
    if (answer.isEmpty()) {
      return new Decision("fail_open", 0, 0);
    }
    List<?> result = (List<?>) answer.get();
    long granted = (Long) result.get(0);
    long left = (Long) result.get(1);
    if (granted == 0) {
      lease.keep(0, left);
      return new Decision("limited", 0, (Long) result.get(2));
    }
    lease.keep((int) granted - 1, left);
    return new Decision("allowed", lease.remaining(), 0);
  }
}
