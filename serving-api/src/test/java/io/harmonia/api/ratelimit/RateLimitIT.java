package io.harmonia.api.ratelimit;

import static io.harmonia.api.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.api.testing.ApiUnderTest;
import io.harmonia.api.testing.ApiUnderTest.Account;
import io.harmonia.api.testing.ApiUnderTest.Response;
import io.harmonia.api.testing.Playlists;
import io.harmonia.api.testing.StoredPlaylists.Stored;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-user and per-address token buckets in the real Redis, with a tiny bucket: 3 requests at
 * once, then one every 2 s for a user; 2 at once for an address. Accounts and playlists are set
 * up through a second, unlimited server on the same stores, so that the limited one counts only
 * what the tests send it.
 */
class RateLimitIT {

  static ApiUnderTest limited;
  static ApiUnderTest setup;
  static Playlists playlists;

  @BeforeAll
  static void start() {
    limited = new ApiUnderTest(Map.of(
        "HARMONIA_RATE_LIMIT_USER_PER_SECOND", "0.5", "HARMONIA_RATE_LIMIT_USER_BURST", "3",
        "HARMONIA_RATE_LIMIT_ADDRESS_PER_SECOND", "0.05", "HARMONIA_RATE_LIMIT_ADDRESS_BURST", "2"));
    setup = new ApiUnderTest();
    playlists = new Playlists(setup);
  }

  @AfterAll
  static void stop() {
    limited.close();
    setup.close();
  }

  @Test
  void overItsLimitAUserGets429WithRetryAfterAndTheRefusedWriteChangesNothing() {
    Account listener = setup.newAccount("FREE");
    Account other = setup.newAccount("FREE");
    List<String> songs = playlists.songs(2);
    String id = playlists.createId(listener.token(), "Limited", false);
    playlists.addAll(listener.token(), id, songs.subList(0, 1));

    long started = System.nanoTime();
    List<String> remaining = new ArrayList<>();
    Response r;
    int accepted = 0;
    do {
      r = limited.get("/api/v1/playlists/" + id, listener.token());
      if (r.status() == 200) {
        accepted++;
        assertThat(r.header("X-RateLimit-Limit")).isEqualTo("3");
        remaining.add(r.header("X-RateLimit-Remaining"));
      }
    } while (r.status() == 200 && accepted < 50);
    double seconds = (System.nanoTime() - started) / 1e9;
    assertThat(accepted).as("the burst, plus what refilled meanwhile").isBetween(3, 3 + (int) Math.ceil(seconds * 0.5));
    assertThat(remaining.subList(0, 3)).containsExactly("2", "1", "0");
    assertProblem(r, 429, "rate-limited", "too many requests for this user");

    Stored before = playlists.stored.read(id);
    Response write = limited.send("POST", "/api/v1/playlists/" + id + "/songs", Map.of("song_id", songs.get(1)),
        listener.token());
    JsonNode problem = assertProblem(write, 429, "rate-limited", "the limit is 3 at once and 0.5 a second");
    assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/playlists/" + id + "/songs");
    assertThat(Long.parseLong(write.header("Retry-After"))).isBetween(1L, 2L);
    assertThat(write.header("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(playlists.stored.read(id)).isEqualTo(before);

    assertThat(limited.get("/api/v1/me", other.token()).status()).as("another user has a bucket of their own")
        .isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
        .until(() -> limited.get("/api/v1/me", listener.token()).status() == 200);
  }

  @Test
  void thePublicRoutesAreLimitedPerClientAddress() throws IOException {
    // a loopback address of this test's own, so its bucket is new (all of 127/8 reaches this host)
    ThreadLocalRandom random = ThreadLocalRandom.current();
    byte[] mine = {127, (byte) random.nextInt(1, 255), (byte) random.nextInt(1, 255), (byte) random.nextInt(1, 255)};
    byte[] neighbour = mine.clone();
    neighbour[3] = (byte) (mine[3] == 1 ? 2 : 1);
    String body = "{\"email\": \"nobody@example.com\", \"password\": \"wrong-password\"}";

    assertThat(post(InetAddress.getByAddress(mine), "/api/v1/auth/token", body)).startsWith("HTTP/1.1 401");
    assertThat(post(InetAddress.getByAddress(mine), "/api/v1/auth/token", body)).startsWith("HTTP/1.1 401");
    String third = post(InetAddress.getByAddress(mine), "/api/v1/auth/token", body);
    assertThat(third).startsWith("HTTP/1.1 429").containsIgnoringCase("Retry-After: ")
        .contains("application/problem+json", "urn:harmonia:problem:rate-limited", "too many requests from this address");
    assertThat(post(InetAddress.getByAddress(neighbour), "/api/v1/auth/token", body)).startsWith("HTTP/1.1 401");
  }

  @Test
  void withRedisUnreachableTheLimiterFailsOpen() {
    Account listener = setup.newAccount("FREE");
    try (ApiUnderTest degraded = new ApiUnderTest(ApiUnderTest.unreachableRedis(), Map.of(
        "HARMONIA_RATE_LIMIT_USER_PER_SECOND", "0.5", "HARMONIA_RATE_LIMIT_USER_BURST", "3"))) {
      for (int i = 0; i < 10; i++) {
        Response r = degraded.get("/api/v1/me", listener.token());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("X-RateLimit-Remaining")).isNull();
      }
      String metrics = degraded.get("/metrics", null).body();
      assertThat(metrics).containsPattern("harmonia_ratelimit_requests_total\\{result=\"fail_open\"\\} (1[0-9]|[2-9][0-9])")
          .containsPattern("harmonia_redis_available(\\{\\})? 0");
    }
  }

  /** A POST sent from {@code local}: java.net.http cannot choose its source address. */
  private static String post(InetAddress local, String path, String json) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), limited.app.port(), local, 0)) {
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
