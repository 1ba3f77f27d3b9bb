package io.harmonia.api.metrics;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One timer per route, method and status, {@code http.server.requests} (Prometheus:
 * {@code http_server_requests_seconds_*}), tagged with the route template
 * ({@code /api/v1/songs/{song_id}}) rather than the raw path, so ids never explode the series.
 */
public final class HttpMetrics {

  private HttpMetrics() {}

  public static void register(JavalinConfig config, MeterRegistry registry) {
    config.requestLogger.http((ctx, ms) -> Timer.builder("http.server.requests")
        .tag("method", ctx.method().name())
        .tag("uri", route(ctx))
        .tag("status", String.valueOf(ctx.statusCode()))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry)
        .record((long) (ms * 1_000_000L), TimeUnit.NANOSECONDS));
  }

  static String route(Context ctx) {
    Endpoint matched;
    try {
      matched = ctx.endpoints().matchedHttpEndpoint();
    } catch (RuntimeException noneMatched) {
      matched = null;
    }
    if (matched != null) {
      return matched.path;
    }
    return ctx.statusCode() == 404 ? "NOT_FOUND" : "UNMATCHED";
  }
}
