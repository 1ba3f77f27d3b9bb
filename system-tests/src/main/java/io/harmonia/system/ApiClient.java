package io.harmonia.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** A listener's app, as far as these tests need one: sign up, get a token, play a song, report plays, read the history, search. */
public final class ApiClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public ApiClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public record Account(String userId, String token) {}

  public record Response(int status, String retryAfter, JsonNode body, Duration took) {}

  /**
   * A new listener with a unique email, and a token. Sign-up makes FREE accounts; any other tier is
   * set the operator's way ({@link Operator}) before the token is issued.
   */
  public Account signUp(String subscription) {
    String email = "sys-" + UUID.randomUUID() + "@example.com";
    String password = "pw-" + UUID.randomUUID();
    Response created = postWaitingOutLimits("/api/v1/users", Map.of("email", email, "password", password,
        "display_name", "Listener"));
    if (created.status() != 201) {
      throw new IllegalStateException("sign-up failed: " + created);
    }
    if (!"FREE".equals(subscription)) {
      Operator.setTier(created.body().get("user_id").asText(), subscription);
    }
    Response token = postWaitingOutLimits("/api/v1/auth/token", Map.of("email", email, "password", password));
    if (token.status() != 200) {
      throw new IllegalStateException("token failed: " + token);
    }
    return new Account(created.body().get("user_id").asText(), token.body().get("access_token").asText());
  }

  public Response postPlay(Account account, Object event) {
    return post("/api/v1/play-events", event, account.token());
  }

  public Response postPlays(Account account, Object events) {
    return post("/api/v1/play-events/batch", Map.of("events", events), account.token());
  }

  /** {@code POST /api/v1/songs/{id}/play}; {@code networkQuality} null sends no X-Network-Quality. */
  public Response play(Account account, String songId, String networkQuality) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/songs/" + songId + "/play"))
        .header("Authorization", "Bearer " + account.token()).POST(HttpRequest.BodyPublishers.noBody());
    if (networkQuality != null) {
      request.header("X-Network-Quality", networkQuality);
    }
    return send(request);
  }

  public Response recentlyPlayed(Account account, int limit, String cursor) {
    String query = "?limit=" + limit + (cursor == null ? "" : "&before=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/me/recently-played" + query))
        .header("Authorization", "Bearer " + account.token()).GET());
  }

  public Response me(Account account) {
    return get("/api/v1/me", account);
  }

  /** Any GET as the listener. */
  public Response get(String path, Account account) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + account.token()).GET());
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
  }

  /**
   * An unauthenticated POST as a well-behaved client makes it: a 429 is waited out for its
   * {@code Retry-After} (sign-ups and logins share a per-address limit, and the test classes share
   * one API and one address), at most 30 times.
   */
  private Response postWaitingOutLimits(String path, Object body) {
    Response r = post(path, body, null);
    for (int attempt = 0; r.status() == 429 && attempt < 30; attempt++) {
      try {
        Thread.sleep(1000L * Math.max(1, r.retryAfter() == null ? 1 : Integer.parseInt(r.retryAfter().trim())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (NumberFormatException e) {
        throw new IllegalStateException("a 429 without a usable Retry-After: " + r, e);
      }
      r = post(path, body, null);
    }
    return r;
  }

  public Response post(String path, Object body, String token) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
          .header("Content-Type", "application/json").header("X-Client", "system-tests")
          .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      if (token != null) {
        request.header("Authorization", "Bearer " + token);
      }
      return send(request);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Response send(HttpRequest.Builder request) {
    long start = System.nanoTime();
    try {
      HttpResponse<byte[]> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      JsonNode body = response.body().length == 0 ? null : JSON.readTree(response.body());
      return new Response(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null), body,
          Duration.ofNanos(System.nanoTime() - start));
    } catch (IOException e) {
      throw new IllegalStateException("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
