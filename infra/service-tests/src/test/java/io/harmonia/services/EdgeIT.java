package io.harmonia.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.clients.ObjectStoreClients;
import io.harmonia.config.HarmoniaConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The nginx + njs CDN edge: it serves an object of the private bucket only with a valid
 * signature (HMAC-SHA256 over path, expiry and user), in ranges, and caches what it fetched.
 */
class EdgeIT {

  private static final HarmoniaConfig CONFIG = HarmoniaConfig.fromEnvironment();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final byte[] AUDIO = new byte[200_000];
  private static String songPath;
  private static String otherSongPath;

  @BeforeAll
  static void uploadTwoObjects() {
    new Random(7).nextBytes(AUDIO);
    String song = "it-" + UUID.randomUUID().toString().substring(0, 8);
    songPath = "/songs/" + song + "/320.0123456789ab.mp3";
    otherSongPath = "/songs/" + song + "x/320.0123456789ab.mp3";
    try (S3Client s3 = ObjectStoreClients.s3(CONFIG)) {
      for (String path : new String[] {songPath, otherSongPath}) {
        s3.putObject(p -> p.bucket(CONFIG.objectStore().bucket()).key(path.substring(1)).contentType("audio/mpeg"),
            RequestBody.fromBytes(AUDIO));
      }
    }
  }

  @AfterAll
  static void removeThem() {
    try (S3Client s3 = ObjectStoreClients.s3(CONFIG)) {
      for (String path : new String[] {songPath, otherSongPath}) {
        s3.deleteObject(d -> d.bucket(CONFIG.objectStore().bucket()).key(path.substring(1)));
      }
    }
  }

  @Test
  void aSignedRangeRequestGets206WithTheObjectsBytesThenACacheHit() throws Exception {
    String url = signed(songPath, "u-1", Instant.now().plusSeconds(600));

    HttpResponse<byte[]> first = get(url, "bytes=65536-131071");
    HttpResponse<byte[]> second = get(url, "bytes=65536-131071");

    assertThat(first.statusCode()).isEqualTo(206);
    assertThat(first.headers().firstValue("Content-Range")).hasValue("bytes 65536-131071/200000");
    assertThat(first.body()).isEqualTo(Arrays.copyOfRange(AUDIO, 65536, 131072));
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(second.headers().firstValue("X-Cache-Status")).hasValue("HIT");
  }

  @Test
  void aRangeBeyondTheEndIs416() throws Exception {
    HttpResponse<byte[]> response = get(signed(songPath, "u-1", Instant.now().plusSeconds(600)), "bytes=500000-");

    assertThat(response.statusCode()).isEqualTo(416);
  }

  @Test
  void withoutASignatureTheEdgeRefuses() throws Exception {
    assertThat(get(CONFIG.edge().baseUrl() + songPath, null).statusCode()).isEqualTo(403);
  }

  @Test
  void aTamperedSignatureIsRefused() throws Exception {
    String url = signed(songPath, "u-1", Instant.now().plusSeconds(600));
    String tampered = url.substring(0, url.length() - 2) + (url.endsWith("A") ? "BB" : "AA");

    assertThat(get(tampered, "bytes=0-99").statusCode()).isEqualTo(403);
  }

  @Test
  void anExpiredSignatureIsRefused() throws Exception {
    assertThat(get(signed(songPath, "u-1", Instant.now().minusSeconds(5)), "bytes=0-99").statusCode()).isEqualTo(403);
  }

  @Test
  void aSignatureForOnePathIsRefusedOnAnother() throws Exception {
    String query = signed(songPath, "u-1", Instant.now().plusSeconds(600)).split("\\?", 2)[1];

    assertThat(get(CONFIG.edge().baseUrl() + otherSongPath + "?" + query, "bytes=0-99").statusCode()).isEqualTo(403);
  }

  @Test
  void anotherUsersTokenReusedForAnotherSongIsRefused() throws Exception {
    String query = signed(songPath, "u-2", Instant.now().plusSeconds(600)).split("\\?", 2)[1];
    String asUserOne = query.replace("u=u-2", "u=u-1");

    assertThat(get(CONFIG.edge().baseUrl() + otherSongPath + "?" + query, "bytes=0-99").statusCode()).isEqualTo(403);
    assertThat(get(CONFIG.edge().baseUrl() + songPath + "?" + asUserOne, "bytes=0-99").statusCode()).isEqualTo(403);
  }

  private static HttpResponse<byte[]> get(String url, String range) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    if (range != null) {
      request.header("Range", range);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The edge's token scheme, written independently of the API's signer. */
  private static String signed(String path, String user, Instant expiry) throws Exception {
    long exp = expiry.getEpochSecond();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(CONFIG.edge().signingKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] sig = mac.doFinal((path + "\n" + exp + "\n" + user).getBytes(StandardCharsets.UTF_8));
    return CONFIG.edge().baseUrl() + path + "?u=" + user + "&exp=" + exp
        + "&sig=" + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
  }
}
