package io.harmonia.api.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become responses: every error leaves the API as
 * {@code application/problem+json}. Handlers throw {@link ApiProblem}; Javalin's own refusals
 * (no such route, method not allowed, body too large) arrive as {@link HttpResponseException} and
 * get the same shape; anything else is a bug, logged here and answered with a 500 that leaks nothing.
 */
public final class ProblemMapper {

  private static final Logger log = LoggerFactory.getLogger(ProblemMapper.class);

  private ProblemMapper() {}

  public static void register(RoutesConfig routes, long maxBodyBytes) {
    routes.exception(ApiProblem.class, (problem, ctx) -> respond(ctx, problem));
    routes.exception(HttpResponseException.class, (e, ctx) -> respond(ctx, fromJavalin(e, ctx, maxBodyBytes)));
    routes.exception(Exception.class, (e, ctx) -> {
      log.error("{} {} failed", ctx.method(), ctx.path(), e);
      respond(ctx, new ApiProblem(500, "internal-error", "Internal server error",
          "the server failed to handle this request; the failure has been logged"));
    });
  }

  public static void respond(Context ctx, ApiProblem problem) {
    ctx.status(problem.status())
        .contentType(Problem.CONTENT_TYPE)
        .result(Json.write(Problem.of(problem, ctx.path())));
  }

  private static ApiProblem fromJavalin(HttpResponseException e, Context ctx, long maxBodyBytes) {
    int status = e.getStatus();
    String request = ctx.method() + " " + ctx.path();
    return switch (status) {
      case 404 -> new ApiProblem(404, "not-found", "Not found", "no route matches " + request);
      case 405 -> {
        String allowed = e.getDetails().getOrDefault("availableMethods", "");
        if (!allowed.isEmpty()) {
          ctx.header("Allow", allowed);
        }
        yield new ApiProblem(405, "method-not-allowed", "Method not allowed",
            ctx.method() + " is not allowed on " + ctx.path() + (allowed.isEmpty() ? "" : "; allowed: " + allowed));
      }
      case 413 -> ApiProblem.contentTooLarge(maxBodyBytes);
      default -> new ApiProblem(status, status == 400 ? "invalid-request" : "http-" + status,
          HttpStatus.forStatus(status).getMessage(), e.getMessage() + " (" + request + ")");
    };
  }
}
