package io.harmonia.api.http;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;

/**
 * The body of every error response: RFC 9457 problem details. {@code type} is a URN naming the kind
 * of problem ({@code urn:harmonia:problem:not-found}); {@code instance} is the request path.
 * Extension members (e.g. {@code current_version} of a version conflict) follow the standard ones.
 */
public record Problem(String type, String title, int status, String detail, String instance,
    @JsonIgnore Map<String, Object> extensions) {

  public static final String CONTENT_TYPE = "application/problem+json";
  public static final String TYPE_PREFIX = "urn:harmonia:problem:";

  public Problem(String type, String title, int status, String detail, String instance) {
    this(type, title, status, detail, instance, Map.of());
  }

  @JsonAnyGetter
  Map<String, Object> extensionMembers() {
    return extensions;
  }

  public static Problem of(ApiProblem problem, String instance) {
    return new Problem(TYPE_PREFIX + problem.type(), problem.title(), problem.status(), problem.detail(), instance,
        problem.extensions());
  }
}
