package io.harmonia.api.http;

import io.javalin.http.Context;
import java.util.regex.Pattern;

/**
 * Opaque ids in paths (songs, artists, albums, ...): the catalog's shape, checked before any store
 * sees them, so that a malformed id is a 400 and never reaches a query.
 */
public final class Ids {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private Ids() {}

  /** The path parameter {@code name}, validated. */
  public static String pathId(Context ctx, String name) {
    return require(ctx.pathParam(name), name);
  }

  /** An id from a request body (field {@code name}), validated; null is "required". */
  public static String require(String id, String name) {
    if (id == null) {
      throw ApiProblem.badRequest(name + " is required");
    }
    if (!ID.matcher(id).matches()) {
      String shown = id.length() > 70 ? id.substring(0, 64) + "..." : id;
      throw ApiProblem.badRequest(name + " '" + shown + "' is not an id: ids are 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'");
    }
    return id;
  }
}
