package io.harmonia.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.api.testing.ApiUnderTest.Response;

/** Assertions on RFC 9457 problem responses. */
public final class Problems {

  private Problems() {}

  /** A problem with this status and type, a detail containing {@code detailPart}, for the path {@code instance}. */
  public static JsonNode assertProblem(Response r, int status, String type, String detailPart, String instance) {
    JsonNode p = assertProblem(r, status, type, detailPart);
    assertThat(p.get("instance").asText()).isEqualTo(instance);
    return p;
  }

  /** The same for a request under /api/v1, without naming the path. */
  public static JsonNode assertProblem(Response r, int status, String type, String detailPart) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    JsonNode p = r.json();
    assertThat(p.get("type").asText()).isEqualTo("urn:harmonia:problem:" + type);
    assertThat(p.get("title").asText()).isNotBlank();
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("detail").asText()).contains(detailPart);
    assertThat(p.get("instance").asText()).startsWith("/");
    return p;
  }
}
