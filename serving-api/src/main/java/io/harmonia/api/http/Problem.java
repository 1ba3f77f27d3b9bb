package io.harmonia.api.http;

/**
 * The body of every error response: RFC 9457 problem details. {@code type} is a URN naming the kind
 * of problem ({@code urn:harmonia:problem:not-found}); {@code instance} is the request path.
 */
public record Problem(String type, String title, int status, String detail, String instance) {

  public static final String CONTENT_TYPE = "application/problem+json";
  public static final String TYPE_PREFIX = "urn:harmonia:problem:";

  static Problem of(ApiProblem problem, String instance) {
    return new Problem(TYPE_PREFIX + problem.type(), problem.title(), problem.status(), problem.detail(), instance);
  }
}
