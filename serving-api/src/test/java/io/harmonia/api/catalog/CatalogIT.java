package io.harmonia.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.api.testing.ApiUnderTest;
import io.harmonia.api.testing.ApiUnderTest.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CatalogIT {

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
  void aSongHasItsMetadataArtistAlbumAndBitrates() {
    String artist = api.catalog.artist("Nina Simone");
    String album = api.catalog.album(artist, "Pastel Blues", 1965);
    String song = api.catalog.song(artist, album, "Sinnerman", 10, 622_000, 128, 256, 320);

    Response r = api.get("/api/v1/songs/" + song, token);

    assertThat(r.status()).isEqualTo(200);
    JsonNode s = r.json();
    assertThat(s.get("song_id").asText()).isEqualTo(song);
    assertThat(s.get("title").asText()).isEqualTo("Sinnerman");
    assertThat(s.at("/artist/artist_id").asText()).isEqualTo(artist);
    assertThat(s.at("/artist/name").asText()).isEqualTo("Nina Simone");
    assertThat(s.at("/album/album_id").asText()).isEqualTo(album);
    assertThat(s.at("/album/title").asText()).isEqualTo("Pastel Blues");
    assertThat(s.get("album_art_url").asText()).endsWith(album + ".jpg");
    assertThat(s.get("track_number").asInt()).isEqualTo(10);
    assertThat(s.get("duration_ms").asInt()).isEqualTo(622_000);
    assertThat(s.get("bitrates").toString()).isEqualTo("[128,256,320]");
    assertThat(s.toString()).doesNotContain("object_key", ".mp3");
  }

  @Test
  void aSongReadLeavesItInRedisForAtMostAnHour() {
    String artist = api.catalog.artist("Cache Artist");
    String song = api.catalog.song(artist, null, "Cached", null, 1000, 128);
    assertThat(api.redis.exists("song:" + song)).isFalse();

    assertThat(api.get("/api/v1/songs/" + song, token).status()).isEqualTo(200);

    assertThat(api.redis.get("song:" + song)).contains("\"title\":\"Cached\"");
    assertThat(api.redis.ttl("song:" + song)).isBetween(3500L, 3600L);
  }

  @Test
  void twentyConcurrentReadsOfAnUncachedSongMakeOneDatabaseRead() throws Exception {
    String artist = api.catalog.artist("Burst Artist");
    String song = api.catalog.song(artist, null, "Burst", null, 1000, 128, 320);
    double before = songReads();

    List<Response> responses = concurrently(20, () -> api.get("/api/v1/songs/" + song, token));

    assertThat(responses).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    assertThat(songReads() - before).isEqualTo(1.0);
  }

  @Test
  void concurrentMissesWaitForTheOneLoadInFlight() throws Exception {
    // The cache in front of a deliberately slow loader (the real repository, 300 ms late), so that
    // all twenty misses overlap the load for certain.
    CatalogRepository repository = new CatalogRepository(api.db, api.metrics);
    java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();
    SongCache cache = new SongCache(api.redis, ids -> {
      loads.incrementAndGet();
      sleep(300);
      return repository.findSongs(ids);
    }, java.time.Duration.ofHours(1), api.metrics);
    String song = api.catalog.song(api.catalog.artist("Slow Artist"), null, "Slow", null, 1000, 256);

    List<java.util.Optional<Song>> results = concurrently(20, () -> cache.get(song));

    assertThat(loads.get()).isEqualTo(1);
    assertThat(results).allSatisfy(r -> assertThat(r).map(Song::title).contains("Slow"));
    assertThat(cache.get(song)).isPresent();
    assertThat(loads.get()).isEqualTo(1);
  }

  @Test
  void aHotSongIsServedFromProcessMemoryForTheLocalTtlThenFromTheStoresAgain() throws Exception {
    java.util.concurrent.atomic.AtomicInteger loads = new java.util.concurrent.atomic.AtomicInteger();
    CatalogRepository repository = new CatalogRepository(api.db, api.metrics);
    SongCache cache = new SongCache(api.redis, ids -> {
      loads.incrementAndGet();
      return repository.findSongs(ids);
    }, java.time.Duration.ofHours(1), java.time.Duration.ofSeconds(1), 100, api.metrics);
    String song = api.catalog.song(api.catalog.artist("Hot Artist"), null, "Hot", null, 1000, 320);

    assertThat(cache.get(song)).isPresent();
    assertThat(api.redis.exists("song:" + song)).isTrue();
    api.redis.del("song:" + song);

    assertThat(cache.get(song)).map(Song::title).contains("Hot"); // from process memory
    assertThat(api.redis.exists("song:" + song)).isFalse();
    assertThat(loads.get()).isEqualTo(1);

    Thread.sleep(1200);
    assertThat(cache.get(song)).isPresent(); // expired locally: Redis (gone), then the database
    assertThat(loads.get()).isEqualTo(2);
    assertThat(api.redis.exists("song:" + song)).isTrue();
  }

  @Test
  void anArtistAndTheirDiscographyNewestFirst() {
    String artist = api.catalog.artist("Miles Davis");
    String early = api.catalog.album(artist, "Kind of Blue", 1959);
    String late = api.catalog.album(artist, "Bitches Brew", 1970);
    String undated = api.catalog.album(artist, "Unreleased Takes", null);
    api.catalog.song(artist, early, "So What", 1, 545_000, 320);
    api.catalog.song(artist, early, "Freddie Freeloader", 2, 586_000, 320);

    Response a = api.get("/api/v1/artists/" + artist, token);
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().get("artist_id").asText()).isEqualTo(artist);
    assertThat(a.json().get("name").asText()).isEqualTo("Miles Davis");

    Response d = api.get("/api/v1/artists/" + artist + "/albums", token);
    assertThat(d.status()).isEqualTo(200);
    assertThat(d.json().get("name").asText()).isEqualTo("Miles Davis");
    assertThat(ids(d.json().get("albums"), "album_id")).containsExactly(late, early, undated);
    assertThat(d.json().at("/albums/1/track_count").asInt()).isEqualTo(2);
    assertThat(d.json().at("/albums/1/release_year").asInt()).isEqualTo(1959);
    assertThat(d.json().at("/albums/2/release_year").isNull()).isTrue();
  }

  @Test
  void anArtistWithoutAlbumsHasAnEmptyDiscography() {
    String artist = api.catalog.artist("Newcomer");
    Response d = api.get("/api/v1/artists/" + artist + "/albums", token);
    assertThat(d.status()).isEqualTo(200);
    assertThat(d.json().get("albums").isEmpty()).isTrue();
  }

  @Test
  void anAlbumListsItsTracksInTrackOrder() {
    String artist = api.catalog.artist("The Beatles");
    String album = api.catalog.album(artist, "Abbey Road", 1969);
    String three = api.catalog.song(artist, album, "Something", 2, 182_000, 320);
    String one = api.catalog.song(artist, album, "Come Together", 1, 259_000, 320);
    String ten = api.catalog.song(artist, album, "Sun King", 10, 146_000, 320);
    String untracked = api.catalog.song(artist, album, "Her Majesty", null, 23_000, 320);

    Response r = api.get("/api/v1/albums/" + album, token);

    assertThat(r.status()).isEqualTo(200);
    JsonNode a = r.json();
    assertThat(a.get("title").asText()).isEqualTo("Abbey Road");
    assertThat(a.get("release_year").asInt()).isEqualTo(1969);
    assertThat(a.at("/artist/name").asText()).isEqualTo("The Beatles");
    assertThat(ids(a.get("tracks"), "song_id")).containsExactly(one, three, ten, untracked);
    assertThat(a.at("/tracks/0/title").asText()).isEqualTo("Come Together");
    assertThat(a.at("/tracks/0/duration_ms").asInt()).isEqualTo(259_000);
  }

  @Test
  void unknownIdsAre404Problems() {
    for (String path : List.of("/api/v1/songs/s-does-not-exist", "/api/v1/artists/ar-does-not-exist",
        "/api/v1/artists/ar-does-not-exist/albums", "/api/v1/albums/al-does-not-exist")) {
      Response r = api.get(path, token);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.json().get("detail").asText()).contains("does-not-exist");
      assertThat(r.json().get("instance").asText()).isEqualTo(path);
    }
  }

  @Test
  void malformedIdsAre400BeforeAnyStoreIsAsked() {
    double before = songReads();
    Response r = api.get("/api/v1/songs/" + "x".repeat(65), token);
    Response quote = api.get("/api/v1/albums/al'%20OR%201=1", token);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("detail").asText()).contains("song_id");
    assertThat(quote.status()).isEqualTo(400);
    assertThat(songReads()).isEqualTo(before);
  }

  private static double songReads() {
    return api.metrics.get("harmonia.catalog.song.db.reads").counter().count();
  }

  private static List<String> ids(JsonNode array, String field) {
    return StreamSupport.stream(array.spliterator(), false).map(n -> n.get(field).asText()).toList();
  }

  static <T> List<T> concurrently(int n, Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(30, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
