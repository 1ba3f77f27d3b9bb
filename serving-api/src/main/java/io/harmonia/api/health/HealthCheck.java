package io.harmonia.api.health;

/** One dependency's probe: returns when the dependency answers, throws when it does not. */
@FunctionalInterface
public interface HealthCheck {
  void check() throws Exception;
}
