package io.harmonia.api.playback;

import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.api.testing.ApiUnderTest;
import io.harmonia.api.testing.ApiUnderTest.Account;
import io.harmonia.api.testing.Catalog;
import io.harmonia.clients.ObjectStoreClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole playback path on the real services: audio in the object store, a play request to the
 * API, and the bytes fetched from the real edge (nginx + njs) with the URL the API signed, in
 * 64 KB ranges the way a player does. Needs {@code bin/platform up postgres redis objectstore edge}.
 */
class EdgeStreamingIT {

  private static final Logger log = LoggerFactory.getLogger(EdgeStreamingIT.class);
  private static final int RANGE = 64 * 1024;

  static ApiUnderTest api;
  static S3Client s3;
  static Account listener;
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    api = new ApiUnderTest();
    s3 = ObjectStoreClients.s3(api.config);
    listener = api.newAccount("PREMIUM");
    HttpResponse<String> edge = http.send(HttpRequest.newBuilder(URI.create(api.settings.edgeBaseUrl() + "/healthz")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(edge.statusCode()).as("the edge at " + api.settings.edgeBaseUrl() + " (bin/platform up objectstore edge)")
        .isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    s3.close();
    api.close();
  }

  @Test
  void thePlayUrlStreamsTheObjectInRangesFromTheEdgeAndCachesThem() throws Exception {
    byte[] audio = audio();
    String song = api.catalog.song(api.catalog.artist("Edge Artist"), null, "Sine 440", null, 30_000);
    String key = Catalog.objectKey(song, 320);
    api.catalog.addFile(song, 320, key, audio.length, 30_041);
    s3.putObject(b -> b.bucket(api.config.objectStore().bucket()).key(key).contentType("audio/mpeg"),
        RequestBody.fromBytes(audio));
    try {
      String url = api.send(api.request("/api/v1/songs/" + song + "/play", listener.token())
          .header("X-Network-Quality", "high").POST(HttpRequest.BodyPublishers.noBody())).json().get("stream_url").asText();
      assertThat(url).startsWith(api.settings.edgeBaseUrl() + "/" + key + "?");

      ByteArrayOutputStream streamed = new ByteArrayOutputStream();
      for (int offset = 0; offset < audio.length; offset += RANGE) {
        HttpResponse<byte[]> part = range(url, offset);
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Type")).contains("audio/mpeg");
        int end = Math.min(offset + RANGE, audio.length) - 1;
        assertThat(part.headers().firstValue("Content-Range")).contains("bytes " + offset + "-" + end + "/" + audio.length);
        streamed.write(part.body());
      }
      assertThat(Arrays.equals(streamed.toByteArray(), audio)).as("the streamed bytes equal the object").isTrue();

      for (int offset = 0; offset < audio.length; offset += RANGE) {
        HttpResponse<byte[]> again = range(url, offset);
        assertThat(again.headers().firstValue("X-Cache-Status")).as("second fetch of bytes " + offset).contains("HIT");
        assertThat(again.body()).isEqualTo(Arrays.copyOfRange(audio, offset, Math.min(offset + RANGE, audio.length)));
      }
    } finally {
      s3.deleteObject(b -> b.bucket(api.config.objectStore().bucket()).key(key));
    }
  }

  @Test
  void tamperedExpiredOrForeignUrlsAre403() throws Exception {
    String song = api.catalog.song(api.catalog.artist("Edge Artist"), null, "Guarded", null, 1000, 128, 320);
    String url = api.send(api.request("/api/v1/songs/" + song + "/play", listener.token())
        .POST(HttpRequest.BodyPublishers.noBody())).json().get("stream_url").asText();
    URI signed = URI.create(url);
    String path = signed.getPath();
    String query = signed.getRawQuery();
    String sig = PlaybackIT.query(signed).get("sig");
    String otherKey = api.catalog.objectKeys(song).get(0); // the 128 rendition

    assertThat(status(edge(path, query.replace("sig=" + sig, "sig=" + flipLast(sig))))).as("tampered signature").isEqualTo(403);
    assertThat(status(edge(path, query.replace("u=" + listener.userId(), "u=u-someone-else")))).as("another user").isEqualTo(403);
    assertThat(status(edge("/" + otherKey, query))).as("another object").isEqualTo(403);
    long exp = Long.parseLong(PlaybackIT.query(signed).get("exp"));
    assertThat(status(edge(path, query.replace("exp=" + exp, "exp=" + (exp + 3600))))).as("extended expiry").isEqualTo(403);
    assertThat(status(edge(path, ""))).as("no token").isEqualTo(403);

    StreamUrlSigner signedTwoHoursAgo = new StreamUrlSigner(api.settings.edgeBaseUrl(), api.settings.edgeSigningKey(),
        Duration.ofHours(1), Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC));
    HttpResponse<byte[]> expired = get(URI.create(signedTwoHoursAgo.sign(path.substring(1), listener.userId()).url()));
    assertThat(expired.statusCode()).as("expired").isEqualTo(403);
    assertThat(new String(expired.body())).contains("expired");
  }

  private static HttpResponse<byte[]> range(String url, int offset) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Range", "bytes=" + offset + "-" + (offset + RANGE - 1))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static URI edge(String path, String query) {
    return URI.create(api.settings.edgeBaseUrl() + path + (query.isEmpty() ? "" : "?" + query));
  }

  private static HttpResponse<byte[]> get(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).header("Range", "bytes=0-1023").build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static int status(URI uri) throws Exception {
    return get(uri).statusCode();
  }

  private static String flipLast(String s) {
    char last = s.charAt(s.length() - 1);
    return s.substring(0, s.length() - 1) + (last == 'A' ? 'B' : 'A');
  }

  /**
   * 30 s of a 440 Hz sine as a 320 kbps MP3 (about 1.2 MB: two of the edge's 1 MB cache slices),
   * made with ffmpeg. Without ffmpeg (bin/platform does not install it for the API), random bytes
   * of the same size: the edge never looks inside the object.
   */
  private static byte[] audio() throws IOException, InterruptedException {
    Path mp3 = Files.createTempFile("edge-it-", ".mp3");
    try {
      Process ffmpeg;
      try {
        ffmpeg = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi",
            "-i", "sine=frequency=440:duration=30", "-c:a", "libmp3lame", "-b:a", "320k", mp3.toString())
            .redirectErrorStream(true).start();
      } catch (IOException noFfmpeg) {
        log.warn("ffmpeg is not installed: streaming random bytes instead of an MP3");
        byte[] bytes = new byte[1_200_000];
        new Random(440).nextBytes(bytes);
        return bytes;
      }
      String output = new String(ffmpeg.getInputStream().readAllBytes());
      assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(ffmpeg.exitValue()).as("ffmpeg: " + output).isZero();
      return Files.readAllBytes(mp3);
    } finally {
      Files.deleteIfExists(mp3);
    }
  }
}
