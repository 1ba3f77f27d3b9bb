package io.harmonia.api.http;

import io.javalin.http.Context;

/** Query parameters checked before any store is asked: a bad one is a 400 that names it. */
public final class QueryParams {

  private QueryParams() {}

  /** The whole number {@code name} in {@code [min, max]}, or {@code defaultValue} when it is absent or blank. */
  public static int intInRange(Context ctx, String name, int defaultValue, int min, int max) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiProblem.badRequest(name + " must be a whole number from " + min + " to " + max + ", got '"
        + (value.length() > 20 ? value.substring(0, 20) + "..." : value) + "'");
  }
}
