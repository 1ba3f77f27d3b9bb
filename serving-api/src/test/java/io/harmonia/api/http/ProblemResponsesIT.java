package io.harmonia.api.http;

import static io.harmonia.api.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.api.testing.ApiUnderTest;
import io.harmonia.api.testing.ApiUnderTest.Response;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every error status the API produces, each as an RFC 9457 problem with a useful detail. */
class ProblemResponsesIT {

  static ApiUnderTest api;
  static String token;

  @BeforeAll
  static void start() {
    api = new ApiUnderTest();
    token = api.newAccount("FREE").token();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void malformedJsonIs400() {
    assertProblem(api.postJson("/api/v1/users", "{\"email\": ", null), 400, "invalid-request", "malformed JSON", "/api/v1/users");
  }

  @Test
  void unknownOrWronglyTypedFieldsAre400() {
    assertProblem(api.postJson("/api/v1/auth/token", "{\"email\": \"a@example.com\", \"passwd\": \"x\"}", null),
        400, "invalid-request", "unknown field 'passwd'", "/api/v1/auth/token");
    assertProblem(api.postJson("/api/v1/users", "{\"email\": 42}", null),
        400, "invalid-request", "field 'email' must be a string", "/api/v1/users");
    assertProblem(api.postJson("/api/v1/users", "[]", null),
        400, "invalid-request", "must be a JSON object", "/api/v1/users");
    assertProblem(api.send(api.request("/api/v1/users", null).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.noBody())), 400, "invalid-request", "JSON object is required", "/api/v1/users");
  }

  @Test
  void noTokenIs401() {
    assertProblem(api.get("/api/v1/songs/s-1", null), 401, "unauthorized", "Authorization: Bearer", "/api/v1/songs/s-1");
  }

  @Test
  void anUnknownRouteIs404WithOrWithoutAToken() {
    assertProblem(api.get("/api/v1/nothing-here", token), 404, "not-found", "no route matches GET /api/v1/nothing-here",
        "/api/v1/nothing-here");
    assertProblem(api.get("/nothing-here", null), 404, "not-found", "no route matches", "/nothing-here");
  }

  @Test
  void anUnknownIdIs404() {
    assertProblem(api.get("/api/v1/albums/al-missing", token), 404, "not-found", "no album with id 'al-missing'",
        "/api/v1/albums/al-missing");
  }

  @Test
  void aWrongMethodIs405WithAllow() {
    Response r = api.send(api.request("/api/v1/songs/s-1", token).DELETE());
    assertProblem(r, 405, "method-not-allowed", "DELETE is not allowed on /api/v1/songs/s-1", "/api/v1/songs/s-1");
    assertThat(r.header("Allow")).isEqualTo("GET");

    Response put = api.send(api.request("/api/v1/users", null).PUT(HttpRequest.BodyPublishers.ofString("{}")));
    assertProblem(put, 405, "method-not-allowed", "allowed: POST", "/api/v1/users");
  }

  @Test
  void anOversizedBodyIs413() {
    String big = "{\"email\": \"" + "a".repeat((int) api.settings.maxBodyBytes()) + "\"}";
    assertProblem(api.postJson("/api/v1/users", big, null), 413, "content-too-large",
        "larger than the limit of " + api.settings.maxBodyBytes() + " bytes", "/api/v1/users");
  }

  @Test
  void anOversizedChunkedBodyWithoutContentLengthIs413() {
    byte[] big = ("{\"email\": \"" + "a".repeat((int) api.settings.maxBodyBytes()) + "\"}").getBytes();
    HttpRequest.BodyPublisher chunked = new HttpRequest.BodyPublisher() {
      final HttpRequest.BodyPublisher inner = HttpRequest.BodyPublishers.ofByteArray(big);

      @Override
      public long contentLength() {
        return -1; // unknown: sent chunked
      }

      @Override
      public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        inner.subscribe(subscriber);
      }
    };
    Response r = api.send(api.request("/api/v1/users", null).header("Content-Type", "application/json").POST(chunked));
    assertProblem(r, 413, "content-too-large", "larger than the limit", "/api/v1/users");
  }

  @Test
  void aBodyThatIsNotJsonIs415() {
    for (String type : List.of("text/plain", "application/x-www-form-urlencoded")) {
      Response r = api.send(api.request("/api/v1/users", null).header("Content-Type", type)
          .POST(HttpRequest.BodyPublishers.ofString("email=a@example.com")));
      assertProblem(r, 415, "unsupported-media-type", "Content-Type: application/json, got '" + type + "'", "/api/v1/users");
    }
    Response none = api.send(api.request("/api/v1/auth/token", null).POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertProblem(none, 415, "unsupported-media-type", "got none", "/api/v1/auth/token");
  }

  @Test
  void requestsJettyRefusesBeforeRoutingAreProblemsToo() throws Exception {
    // java.net.URI refuses to build such a URI, so this request goes out on a raw socket
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", api.app.port())) {
      socket.getOutputStream().write("GET /api/v1/songs/%ZZ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String raw = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(raw).startsWith("HTTP/1.1 400").contains("Content-Type: application/problem+json")
          .contains("\"type\":\"urn:harmonia:problem:invalid-request\"", "malformed URI");
    }
  }
}
