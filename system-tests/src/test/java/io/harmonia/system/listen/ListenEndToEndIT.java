package io.harmonia.system.listen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.clients.ObjectStoreClients;
import io.harmonia.clients.PostgresClients;
import io.harmonia.system.ApiClient;
import io.harmonia.system.ApiClient.Account;
import io.harmonia.system.ApiProcess;
import io.harmonia.system.IngestProcess;
import io.harmonia.system.Platform;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The listening path of issue 3 across its programs, on the real services: a catalog ingested by the
 * ingest pipeline (as {@code bin/platform ingest} runs it), a listener who signs up and logs in with the
 * API (as a process), {@code POST /play}, and the audio fetched from the edge (nginx + njs) with the URL
 * the API signed, 64 KB at a time as a player fetches it: the bytes are the stored object's, they decode
 * as an MP3 of the chosen bitrate and the master's length, and a second fetch comes from the edge's cache.
 * Needs {@code bin/platform up postgres redis objectstore edge} (the API starts without the other stores).
 * Re-ingesting unchanged is CatalogIngestIT's (pipelines), the edge's refusals edge-smoke.sh's and
 * EdgeStreamingIT's (serving-api); here the refusals a listener meets with URLs the API really signed.
 */
class ListenEndToEndIT {

  private static final int RANGE = 64 * 1024;
  /** The 28 s song spans two of the edge's 1 MB cache slices at 320 kbps; the others fit in one. */
  private static final double[] SONG_SECONDS = {28.0, 3.0, 5.5};

  @TempDir static Path work;

  static Platform platform;
  static HikariDataSource db;
  static S3Client s3;
  static ApiProcess api;
  static ApiClient client;
  static SmallCatalog catalog;
  static IngestProcess.Run ingest;
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void ingestAndStart() throws Exception {
    platform = new Platform();
    db = PostgresClients.dataSource(platform.config, "listen-e2e-it", 2);
    s3 = ObjectStoreClients.s3(platform.config);
    String prefix = "listen-" + UUID.randomUUID().toString().substring(0, 8);
    catalog = SmallCatalog.write(work.resolve("catalog"), prefix, SONG_SECONDS);
    ingest = IngestProcess.run(platform, catalog.dir(), work.resolve("runs"), Duration.ofMinutes(5));
    api = ApiProcess.start(platform, "play-events");
    client = new ApiClient(api.baseUrl);
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
    if (s3 != null) {
      s3.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void theIngestedSongsStreamFromTheEdgeByteForByteAndFromItsCacheTheSecondTime() throws Exception {
    assertThat(ingest.exitStatus()).as(ingest.log()).isZero();
    assertThat(ingest.songs("created")).isEqualTo(SONG_SECONDS.length);
    assertThat(ingest.renditions("uploaded")).isEqualTo(3L * SONG_SECONDS.length);
    Account listener = client.signUp("PREMIUM");

    streamAndCheck(listener, catalog.songs().get(0), "high", 320);
    streamAndCheck(listener, catalog.songs().get(1), "low", 128);
  }

  @Test
  void aSignedUrlOpensOnlyItsOwnSongForItsOwnListener() throws Exception {
    Account alice = client.signUp("FREE");
    Account bob = client.signUp("PREMIUM");
    URI alices = streamUrl(alice, catalog.songs().get(2), "medium");
    URI bobs = streamUrl(bob, catalog.songs().get(1), "high");

    assertThat(fetch(bobs, "bytes=0-1023").statusCode()).as("Bob's own URL").isEqualTo(206);
    URI alicesTokenOnBobsSong = edge(bobs.getRawPath(), alices.getRawQuery());
    assertThat(fetch(alicesTokenOnBobsSong, "bytes=0-1023").statusCode()).as("Alice's token on another song").isEqualTo(403);
    URI alicesTokenAsBob = edge(bobs.getRawPath(), alices.getRawQuery().replace("u=" + alice.userId(), "u=" + bob.userId()));
    assertThat(fetch(alicesTokenAsBob, "bytes=0-1023").statusCode()).as("Alice's token, claiming to be Bob").isEqualTo(403);
    assertThat(fetch(edge(bobs.getRawPath(), ""), "bytes=0-1023").statusCode()).as("no token").isEqualTo(403);
  }

  /**
   * Plays the song, fetches the whole rendition in 64 KB ranges, compares it with the stored object and
   * its song_files row, probes it, fetches every range again (cache HITs) and one past the end (416).
   */
  private void streamAndCheck(Account listener, SmallCatalog.Song song, String quality, int bitrate) throws Exception {
    ApiClient.Response play = client.play(listener, song.songId(), quality);
    assertThat(play.status()).as(String.valueOf(play.body())).isEqualTo(200);
    assertThat(play.body().get("bitrate").asInt()).isEqualTo(bitrate);
    URI url = URI.create(play.body().get("stream_url").asText());
    assertThat(url.getScheme() + "://" + url.getAuthority()).isEqualTo(platform.config.edge().baseUrl());
    String key = url.getPath().substring(1);
    SongFile file = songFile(song.songId(), bitrate);
    assertThat(key).isEqualTo(file.objectKey());
    assertThat(play.body().get("duration_ms").asLong()).isEqualTo(file.durationMs());
    byte[] stored = s3.getObjectAsBytes(g -> g.bucket(platform.config.objectStore().bucket()).key(key)).asByteArray();
    assertThat((long) stored.length).isEqualTo(file.sizeBytes());

    ByteArrayOutputStream streamed = new ByteArrayOutputStream();
    for (int offset = 0; offset < stored.length; offset += RANGE) {
      HttpResponse<byte[]> part = fetch(url, range(offset));
      assertThat(part.statusCode()).as("bytes " + offset).isEqualTo(206);
      assertThat(part.headers().firstValue("Content-Range"))
          .contains("bytes " + offset + "-" + (Math.min(offset + RANGE, stored.length) - 1) + "/" + stored.length);
      if (offset == 0) {
        assertThat(part.headers().firstValue("X-Cache-Status")).as("first fetch of a new object").contains("MISS");
      }
      streamed.write(part.body());
    }
    assertThat(Arrays.equals(streamed.toByteArray(), stored)).as("the streamed bytes equal the stored object").isTrue();

    Path mp3 = Files.write(work.resolve(song.songId() + "-" + bitrate + ".mp3"), streamed.toByteArray());
    Mp3Probe probe = Mp3Probe.of(mp3);
    assertThat(probe.codec()).isEqualTo("mp3");
    assertThat(probe.bitRate()).isEqualTo(bitrate * 1000L);
    assertThat(probe.decodeErrors()).isEmpty();
    assertThat(probe.durationSeconds()).isCloseTo(song.seconds(), within(0.1));
    assertThat(file.durationMs() / 1000.0).isCloseTo(song.seconds(), within(0.1));

    for (int offset = 0; offset < stored.length; offset += RANGE) {
      HttpResponse<byte[]> again = fetch(url, range(offset));
      assertThat(again.headers().firstValue("X-Cache-Status")).as("second fetch of bytes " + offset).contains("HIT");
      assertThat(again.body()).isEqualTo(Arrays.copyOfRange(stored, offset, Math.min(offset + RANGE, stored.length)));
    }
    HttpResponse<byte[]> pastTheEnd = fetch(url, "bytes=" + stored.length + "-");
    assertThat(pastTheEnd.statusCode()).isEqualTo(416);
    assertThat(pastTheEnd.headers().firstValue("Content-Range")).contains("bytes */" + stored.length);
  }

  private record SongFile(String objectKey, long sizeBytes, long durationMs) {}

  private static SongFile songFile(String songId, int bitrate) throws Exception {
    try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement(
        "SELECT object_key, size_bytes, duration_ms FROM song_files WHERE song_id = ? AND bitrate = ?")) {
      q.setString(1, songId);
      q.setInt(2, bitrate);
      try (ResultSet r = q.executeQuery()) {
        assertThat(r.next()).as("song_files row of " + songId + " at " + bitrate).isTrue();
        return new SongFile(r.getString(1), r.getLong(2), r.getLong(3));
      }
    }
  }

  private static URI streamUrl(Account listener, SmallCatalog.Song song, String quality) {
    ApiClient.Response play = client.play(listener, song.songId(), quality);
    assertThat(play.status()).as(String.valueOf(play.body())).isEqualTo(200);
    return URI.create(play.body().get("stream_url").asText());
  }

  private static URI edge(String path, String query) {
    return URI.create(platform.config.edge().baseUrl() + path + (query.isEmpty() ? "" : "?" + query));
  }

  private static String range(int offset) {
    return "bytes=" + offset + "-" + (offset + RANGE - 1);
  }

  private static HttpResponse<byte[]> fetch(URI url, String range) throws Exception {
    return http.send(HttpRequest.newBuilder(url).header("Range", range).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }
}
