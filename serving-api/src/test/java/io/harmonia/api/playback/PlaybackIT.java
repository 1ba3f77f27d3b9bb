package io.harmonia.api.playback;

import static io.harmonia.api.testing.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.api.testing.ApiUnderTest;
import io.harmonia.api.testing.ApiUnderTest.Account;
import io.harmonia.api.testing.ApiUnderTest.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlaybackIT {

  static ApiUnderTest api;
  static Account listener;
  static String artist;
  static String album;

  @BeforeAll
  static void start() {
    api = new ApiUnderTest();
    listener = api.newAccount("PREMIUM");
    artist = api.catalog.artist("Daft Punk");
    album = api.catalog.album(artist, "Discovery", 2001);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static Response play(String songId, String quality) {
    HttpRequest.Builder request = api.request("/api/v1/songs/" + songId + "/play", listener.token())
        .POST(HttpRequest.BodyPublishers.noBody());
    if (quality != null) {
      request.header("X-Network-Quality", quality);
    }
    return api.send(request);
  }

  @ParameterizedTest(name = "X-Network-Quality: {0} -> {1} kbps")
  @CsvSource(nullValues = "none", value = {"low,128", "medium,256", "high,320", "none,320", "MEDIUM,256"})
  void theNetworkQualityChoosesTheBitrate(String quality, int bitrate) {
    String song = api.catalog.song(artist, album, "One More Time", 1, 320_000, 128, 256, 320);

    Response r = play(song, quality);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("bitrate").asInt()).isEqualTo(bitrate);
    assertThat(URI.create(r.json().get("stream_url").asText()).getPath())
        .startsWith("/songs/" + song + "/" + bitrate + ".").endsWith(".mp3");
  }

  @Test
  void theResponseIsTheSignedEdgeUrlAndTheSongsDisplayMetadata() {
    String song = api.catalog.song(artist, album, "Digital Love", 3, 301_000, 128, 256, 320);
    String key320 = api.catalog.objectKeys(song).get(2);
    long before = Instant.now().getEpochSecond();

    Response r = play(song, "high");

    assertThat(r.status()).isEqualTo(200);
    JsonNode body = r.json();
    assertThat(fieldNames(body)).containsExactly("stream_url", "bitrate", "duration_ms", "expires_at", "song",
        "play_id", "max_bitrate", "renditions");
    assertThat(fieldNames(body.get("song"))).containsExactly("song_id", "title", "artist", "album", "album_art_url");
    assertThat(body.get("duration_ms").asInt()).isEqualTo(301_041); // the rendition's encoded duration
    assertThat(body.at("/song/song_id").asText()).isEqualTo(song);
    assertThat(body.at("/song/title").asText()).isEqualTo("Digital Love");
    assertThat(body.at("/song/artist").asText()).isEqualTo("Daft Punk");
    assertThat(body.at("/song/album").asText()).isEqualTo("Discovery");
    assertThat(body.at("/song/album_art_url").asText()).endsWith(album + ".jpg");

    URI url = URI.create(body.get("stream_url").asText());
    assertThat(url.getScheme() + "://" + url.getAuthority()).isEqualTo(api.settings.edgeBaseUrl());
    assertThat(url.getPath()).isEqualTo("/" + key320);
    Map<String, String> query = query(url);
    assertThat(query.keySet()).containsExactly("u", "exp", "sig");
    assertThat(query.get("u")).isEqualTo(listener.userId());
    long exp = Long.parseLong(query.get("exp"));
    assertThat(exp - before).isBetween(3600L, 3660L);
    assertThat(Instant.parse(body.get("expires_at").asText())).isEqualTo(Instant.ofEpochSecond(exp));
    assertThat(body.get("expires_at").asText()).endsWith("Z");
    assertThat(query.get("sig")).isEqualTo(hmac(url.getPath() + "\n" + exp + "\n" + listener.userId()));
  }

  @Test
  void aSongLacking320FallsBackToTheBestBelow() {
    String song = api.catalog.song(artist, album, "Aerodynamic", 2, 212_000, 128, 256);
    assertThat(play(song, "high").json().get("bitrate").asInt()).isEqualTo(256);
    assertThat(play(song, null).json().get("bitrate").asInt()).isEqualTo(256);
    assertThat(play(song, "low").json().get("bitrate").asInt()).isEqualTo(128);
  }

  @Test
  void aSongWithOnlyHigherRenditionsGetsTheLowestAbove() {
    String song = api.catalog.song(artist, album, "Face to Face", 4, 240_000, 320);
    assertThat(play(song, "low").json().get("bitrate").asInt()).isEqualTo(320);
  }

  @Test
  void aSongWithoutRenditionsIsA409Problem() {
    String song = api.catalog.song(artist, album, "Not Encoded Yet", 5, 100_000);

    Response r = play(song, "high");

    assertThat(r.status()).isEqualTo(409);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("type").asText()).isEqualTo("urn:harmonia:problem:song-not-playable");
    assertThat(r.json().get("detail").asText()).contains(song, "no encoded renditions");
  }

  @Test
  void unknownSongsBadQualitiesAndMissingTokensAreRefused() {
    String song = api.catalog.song(artist, album, "Voyager", 6, 227_000, 128);
    assertProblem(play("s-no-such-song", "high"), 404, "not-found", "no song with id 's-no-such-song'",
        "/api/v1/songs/s-no-such-song/play");
    assertProblem(play(song, "ultra"), 400, "invalid-request", "X-Network-Quality must be low, medium or high",
        "/api/v1/songs/" + song + "/play");
    Response anonymous = api.send(api.request("/api/v1/songs/" + song + "/play", null).POST(HttpRequest.BodyPublishers.noBody()));
    assertProblem(anonymous, 401, "unauthorized", "Authorization: Bearer", "/api/v1/songs/" + song + "/play");
  }

  @Test
  void twoUsersGetDifferentSignaturesForTheSameSong() {
    String song = api.catalog.song(artist, album, "Veridis Quo", 7, 345_000, 320);
    Account other = api.newAccount("FREE");
    String mine = play(song, "high").json().get("stream_url").asText();
    String theirs = api.send(api.request("/api/v1/songs/" + song + "/play", other.token())
        .POST(HttpRequest.BodyPublishers.noBody())).json().get("stream_url").asText();
    assertThat(query(URI.create(mine)).get("sig")).isNotEqualTo(query(URI.create(theirs)).get("sig"));
    assertThat(query(URI.create(theirs)).get("u")).isEqualTo(other.userId());
  }

  private static String hmac(String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(api.settings.edgeSigningKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static Map<String, String> query(URI url) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : url.getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      params.put(kv[0], java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return params;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

}
