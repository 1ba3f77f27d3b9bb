package io.harmonia.api.auth;

import io.harmonia.api.http.ApiProblem;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Locale;

/**
 * Authentication for every matched route that is not {@link Access#PUBLIC}: a valid
 * {@code Authorization: Bearer <token>} or a 401. The principal is left on the request for handlers
 * ({@link #principal(Context)}). It runs only for matched routes, so an unknown path stays a 404.
 */
public final class BearerAuth {

  private static final String PRINCIPAL = "harmonia.principal";

  private final AccessTokens tokens;

  public BearerAuth(AccessTokens tokens) {
    this.tokens = tokens;
  }

  public void register(RoutesConfig routes) {
    routes.beforeMatched(this::authenticate);
  }

  private void authenticate(Context ctx) {
    if (ctx.routeRoles().contains(Access.PUBLIC)) {
      return;
    }
    String authorization = ctx.header("Authorization");
    if (authorization == null || authorization.isBlank()) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw ApiProblem.unauthorized("this endpoint requires Authorization: Bearer <token>; get one at POST /api/v1/auth/token");
    }
    if (!authorization.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw ApiProblem.unauthorized("the Authorization header must use the Bearer scheme");
    }
    Principal principal;
    try {
      principal = tokens.verify(authorization.substring("bearer ".length()).trim());
    } catch (ApiProblem problem) {
      ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      throw problem;
    }
    for (Access role : Access.GRANTABLE) {
      if (ctx.routeRoles().contains(role) && !principal.hasRole(role)) {
        throw new ApiProblem(403, "role-required", "Forbidden",
            "this endpoint is for accounts with the " + role + " role, which an operator grants"
                + " (bin/platform admin grant-role); a token issued before the grant does not carry it");
      }
    }
    ctx.attribute(PRINCIPAL, principal);
  }

  /** The authenticated caller of a protected route. */
  public static Principal principal(Context ctx) {
    Principal principal = ctx.attribute(PRINCIPAL);
    if (principal == null) {
      throw new IllegalStateException("no principal: the route " + ctx.path() + " is declared PUBLIC but reads the caller");
    }
    return principal;
  }
}
