package io.harmonia.api.metrics;

import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code GET /metrics}: every meter in the Prometheus text format. */
public final class MetricsHandler {

  private final PrometheusMeterRegistry registry;

  public MetricsHandler(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  public void scrape(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
  }
}
