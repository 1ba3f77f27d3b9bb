package io.harmonia.api.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure a handler reports to the client: thrown anywhere below a handler and turned into an
 * {@code application/problem+json} response (RFC 9457) by {@link ProblemMapper}. The {@code type}
 * is a stable slug (e.g. {@code email-taken}) that clients may branch on; {@code detail} says, for a
 * person, what was wrong with this request.
 */
public class ApiProblem extends RuntimeException {

  private final int status;
  private final String type;
  private final String title;
  private final Map<String, Object> extensions = new LinkedHashMap<>();

  public ApiProblem(int status, String type, String title, String detail) {
    super(detail, null, false, false); // an expected outcome: no stack trace to fill
    this.status = status;
    this.type = type;
    this.title = title;
  }

  /** Adds an extension member to the problem body (snake_case, e.g. {@code current_version}). */
  public ApiProblem with(String member, Object value) {
    extensions.put(member, value);
    return this;
  }

  public static ApiProblem badRequest(String detail) {
    return new ApiProblem(400, "invalid-request", "Invalid request", detail);
  }

  public static ApiProblem unauthorized(String detail) {
    return new ApiProblem(401, "unauthorized", "Unauthorized", detail);
  }

  public static ApiProblem notFound(String what, String id) {
    return new ApiProblem(404, "not-found", "Not found", "no " + what + " with id '" + id + "'");
  }

  public static ApiProblem conflict(String type, String title, String detail) {
    return new ApiProblem(409, type, title, detail);
  }

  public static ApiProblem contentTooLarge(long maxBytes) {
    return new ApiProblem(413, "content-too-large", "Content too large",
        "the request body is larger than the limit of " + maxBytes + " bytes");
  }

  public static ApiProblem unsupportedMediaType(String detail) {
    return new ApiProblem(415, "unsupported-media-type", "Unsupported media type", detail);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  public Map<String, Object> extensions() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }
}
