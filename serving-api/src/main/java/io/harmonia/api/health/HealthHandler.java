package io.harmonia.api.health;

import io.javalin.http.Context;

/** {@code GET /health}: each dependency's state; 200 when all are up, 503 when any is down. */
public final class HealthHandler {

  private final HealthRegistry registry;

  public HealthHandler(HealthRegistry registry) {
    this.registry = registry;
  }

  public void get(Context ctx) {
    HealthRegistry.Report report = registry.check();
    ctx.header("Cache-Control", "no-store");
    ctx.status(report.up() ? 200 : 503).json(report);
  }
}
