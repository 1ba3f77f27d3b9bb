package io.harmonia.pipelines.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.clients.ObjectStoreClients;
import io.harmonia.clients.PostgresClients;
import io.harmonia.clients.RedisClients;
import io.harmonia.clients.SongCacheKeys;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.pipelines.ingest.audio.Ffmpeg;
import io.harmonia.pipelines.testing.Ffprobe;
import io.harmonia.pipelines.testing.TestCatalogs;
import io.harmonia.schemas.EventSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.JedisPooled;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Catalog ingest against the real PostgreSQL and object store that {@code bin/platform} starts.
 * Every test uses ids of its own, so it depends on no leftovers and can run again.
 */
class CatalogIngestIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static HarmoniaConfig config;
  private static HikariDataSource db;
  private static S3Client s3;
  private static String bucket;
  private static JedisPooled redis;

  @TempDir Path dir;

  @BeforeAll
  static void connect() {
    config = HarmoniaConfig.fromEnvironment();
    db = PostgresClients.dataSource(config, "catalog-ingest-it", 2);
    s3 = ObjectStoreClients.s3(config);
    bucket = config.objectStore().bucket();
    redis = RedisClients.pooled(config, Duration.ofSeconds(2));
  }

  @AfterAll
  static void close() {
    db.close();
    s3.close();
    redis.close();
  }

  private IngestSummary ingest(TestCatalogs.Catalog catalog, String... args) {
    List<String> all = new ArrayList<>(List.of("--runsDir=" + dir.resolve("runs"), "--progressIntervalSeconds=2"));
    all.addAll(List.of(args));
    IngestSummary summary = CatalogIngest.run(catalog.dir(), all.toArray(String[]::new));
    assertThat(summary.succeeded()).as(summary.describe()).isTrue();
    return summary;
  }

  @Test
  void ingestsSongsWithRenditionsRowsAndEventsAndReingestingChangesNothing() throws Exception {
    String p = TestCatalogs.uniquePrefix("it");
    TestCatalogs.Catalog catalog = TestCatalogs.write(dir.resolve("catalog"), p, 3, 2.0, true, true);
    Map<String, Long> before = counts(p);

    IngestSummary first = ingest(catalog);

    assertThat(first.count(SongOutcome.Status.CREATED)).isEqualTo(3);
    assertThat(first.failures()).extracting(SongOutcome::songId).containsExactly(p + "-corrupt", p + "-missing");
    assertThat(first.failures().get(0).stage()).isEqualTo(SongOutcome.Stage.PROBE);
    assertThat(first.failures().get(0).reason()).startsWith("master masters/corrupt.wav is not decodable audio");
    assertThat(first.failures().get(1).reason()).isEqualTo("master file not found: masters/not-there.wav");
    assertThat(first.renditionsEncoded()).isEqualTo(9);
    assertThat(first.renditionsUploaded()).isEqualTo(9);
    Map<String, Long> afterFirst = counts(p);
    assertThat(afterFirst).containsEntry("songs", before.get("songs") + 3).containsEntry("song_files", before.get("song_files") + 9)
        .containsEntry("artists", 1L).containsEntry("albums", 1L).containsEntry("objects", 9L)
        .containsEntry("outbox", 5L); // 1 artist + 1 album + 3 songs

    for (int i = 1; i <= 3; i++) {
      assertSongStored(catalog, p + "-s" + i, catalog.dir().resolve("masters/" + p + "-s" + i + ".wav"));
    }
    assertThat(scalar("SELECT count(*) FROM songs WHERE song_id IN (?, ?)", p + "-corrupt", p + "-missing")).isZero();
    assertOutboxEventsValid(p);
    Map<String, String> objectsAfterFirst = objectVersions(p);

    IngestSummary second = ingest(catalog);

    assertThat(second.count(SongOutcome.Status.UNCHANGED)).isEqualTo(3);
    assertThat(second.failures()).hasSize(2);
    assertThat(second.renditionsEncoded()).isZero();
    assertThat(second.renditionsUploaded()).isZero();
    assertThat(counts(p)).isEqualTo(afterFirst);
    assertThat(objectVersions(p)).as("the bucket's objects, untouched").isEqualTo(objectsAfterFirst);
  }

  @Test
  void aNewMasterGetsNewKeysAndAMetadataChangeOnlyNewRowsAndEvents() throws Exception {
    String p = TestCatalogs.uniquePrefix("it");
    TestCatalogs.Catalog catalog = TestCatalogs.write(dir.resolve("catalog"), p, 2, 1.5, false, false);
    ingest(catalog);
    Map<String, String> oldKeys = fileKeys(p + "-s1");
    long outboxBefore = counts(p).get("outbox");

    TestCatalogs.sineWav(catalog.dir().resolve("masters/" + p + "-s1.wav"), 1800, 523.25); // a new master
    catalog.song(1).put("title", "Track 2 (Remastered)");                                  // new metadata
    catalog.save();
    cacheAsTheApiWould(p + "-s1", p + "-s2");
    IngestSummary changed = ingest(catalog);

    assertThat(changed.count(SongOutcome.Status.UPDATED)).isEqualTo(2);
    assertThat(changed.renditionsEncoded()).isEqualTo(3); // only the new master's
    assertThat(changed.renditionsUploaded()).isEqualTo(3);
    assertThat(cached(p + "-s1", p + "-s2")).as("the API's cached copies of the changed songs, deleted").isZero();
    Map<String, String> newKeys = fileKeys(p + "-s1");
    assertThat(newKeys.values()).doesNotContainAnyElementsOf(oldKeys.values());
    assertSongStored(catalog, p + "-s1", catalog.dir().resolve("masters/" + p + "-s1.wav"));
    for (String oldKey : oldKeys.values()) {
      assertThat(s3.headObject(h -> h.bucket(bucket).key(oldKey)).contentLength()).isPositive(); // never deleted
    }
    List<JsonNode> events = outboxPayloads(p);
    assertThat(events).hasSize((int) outboxBefore + 2);
    List<JsonNode> newEvents = events.subList((int) outboxBefore, events.size()); // the two songs, in either order
    assertThat(newEvents).extracting(e -> e.get("entity_id").asText()).containsExactlyInAnyOrder(p + "-s1", p + "-s2");
    assertThat(newEvents).filteredOn(e -> e.get("entity_id").asText().equals(p + "-s2")).singleElement()
        .satisfies(e -> assertThat(e.get("document").get("title").asText()).isEqualTo("Track 2 (Remastered)"));

    ((ObjectNode) catalog.manifest().get("artists").get(0)).put("name", "Motörhead II");
    catalog.save();
    cacheAsTheApiWould(p + "-s1", p + "-s2");
    IngestSummary renamed = ingest(catalog);

    assertThat(renamed.renditionsEncoded()).isZero();
    assertThat(cached(p + "-s1", p + "-s2")).as("songs carrying the renamed artist's name, evicted").isZero();

    cacheAsTheApiWould(p + "-s1", p + "-s2");
    ingest(catalog);
    assertThat(cached(p + "-s1", p + "-s2")).as("an ingest that changes nothing leaves the cache alone").isEqualTo(2);
    List<JsonNode> all = outboxPayloads(p);
    List<JsonNode> afterRename = all.subList(events.size(), all.size());
    assertThat(afterRename).extracting(e -> e.get("entity_type").asText() + ":" + e.get("entity_id").asText())
        .containsExactlyInAnyOrder("artist:" + p + "-a1", "album:" + p + "-al1", "song:" + p + "-s1", "song:" + p + "-s2");
    assertThat(afterRename).allSatisfy(e -> assertThat(e.get("document").toString()).contains("Motörhead II"));
  }

  @Test
  void renditionsAPreviousRunStoredAreReusedNotEncodedAgain() throws Exception {
    String p = TestCatalogs.uniquePrefix("it");
    TestCatalogs.Catalog catalog = TestCatalogs.write(dir.resolve("catalog"), p, 1, 1.5, false, false);
    ingest(catalog);
    // a run that stored the renditions but stopped before its transaction committed
    update("DELETE FROM songs WHERE song_id = ?", p + "-s1"); // song_files go with it

    IngestSummary resumed = ingest(catalog);

    assertThat(resumed.count(SongOutcome.Status.CREATED)).isEqualTo(1);
    assertThat(resumed.renditionsEncoded()).isZero();
    assertThat(resumed.renditionsUploaded()).isZero();
    assertThat(resumed.counter(IngestMetrics.RENDITIONS_FOUND_STORED)).isEqualTo(3);
    assertSongStored(catalog, p + "-s1", catalog.dir().resolve("masters/" + p + "-s1.wav"));
  }

  @Test
  void aKeyHoldingSomeoneElsesObjectIsNeverOverwritten() throws Exception {
    String p = TestCatalogs.uniquePrefix("it");
    TestCatalogs.Catalog catalog = TestCatalogs.write(dir.resolve("catalog"), p, 1, 1.5, false, false);
    String sha = Ffmpeg.sha256(catalog.dir().resolve("masters/" + p + "-s1.wav"));
    String key = "songs/" + p + "-s1/256." + sha.substring(0, 12) + ".mp3";
    s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString("not an mp3"));

    IngestSummary summary = ingest(catalog);

    assertThat(summary.failures()).singleElement().satisfies(f -> {
      assertThat(f.stage()).isEqualTo(SongOutcome.Stage.UPLOAD);
      assertThat(f.reason()).contains("object " + key + " exists but was not stored by ingest");
    });
    assertThat(s3.getObjectAsBytes(g -> g.bucket(bucket).key(key)).asUtf8String()).isEqualTo("not an mp3");
    assertThat(scalar("SELECT count(*) FROM songs WHERE song_id = ?", p + "-s1")).isZero(); // nothing partial
  }

  @Test
  void theSameIngestRunsOnSpark() throws Exception {
    String p = TestCatalogs.uniquePrefix("it");
    TestCatalogs.Catalog catalog = TestCatalogs.write(dir.resolve("catalog"), p, 2, 1.5, false, true);

    IngestSummary summary = ingest(catalog, "--runner=SparkRunner");

    assertThat(summary.runner()).isEqualTo("SparkRunner");
    assertThat(summary.count(SongOutcome.Status.CREATED)).isEqualTo(2);
    assertThat(summary.failures()).extracting(SongOutcome::songId).containsExactly(p + "-missing");
    assertThat(counts(p)).containsEntry("song_files", 6L).containsEntry("objects", 6L);
  }

  // --- what is stored ---------------------------------------------------------------------------

  /** Rows and objects of one song: keys, sizes, hashes and durations describe the real MP3 bytes. */
  private void assertSongStored(TestCatalogs.Catalog catalog, String songId, Path master) throws Exception {
    String masterSha = Ffmpeg.sha256(master);
    long songDuration;
    try (Connection c = db.getConnection();
        PreparedStatement q = c.prepareStatement("SELECT master_sha256, duration_ms FROM songs WHERE song_id = ?")) {
      q.setString(1, songId);
      try (ResultSet r = q.executeQuery()) {
        assertThat(r.next()).isTrue();
        assertThat(r.getString(1)).isEqualTo(masterSha);
        songDuration = r.getLong(2);
      }
    }
    assertThat(songDuration).isEqualTo(new Ffmpeg().decodedDurationMicros(master) / 1000);
    try (Connection c = db.getConnection();
        PreparedStatement q = c.prepareStatement(
            "SELECT bitrate, object_key, size_bytes, duration_ms, sha256 FROM song_files WHERE song_id = ? ORDER BY bitrate")) {
      q.setString(1, songId);
      try (ResultSet r = q.executeQuery()) {
        List<Integer> bitrates = new ArrayList<>();
        while (r.next()) {
          int bitrate = r.getInt(1);
          bitrates.add(bitrate);
          String key = r.getString(2);
          assertThat(key).isEqualTo("songs/" + songId + "/" + bitrate + "." + masterSha.substring(0, 12) + ".mp3");
          byte[] bytes = s3.getObjectAsBytes(g -> g.bucket(bucket).key(key)).asByteArray();
          Path mp3 = dir.resolve(songId + "-" + bitrate + ".mp3");
          Files.write(mp3, bytes);
          assertThat(r.getLong(3)).isEqualTo(bytes.length);
          assertThat(r.getString(5)).isEqualTo(Ffmpeg.sha256(mp3));
          Ffprobe probe = Ffprobe.of(mp3);
          assertThat(probe.codec()).isEqualTo("mp3");
          assertThat(probe.bitRate()).isEqualTo(bitrate * 1000L);
          long decodedMs = Math.round(new Ffmpeg().decodedDurationMicros(mp3) / 1000.0);
          assertThat(r.getLong(4)).isEqualTo(decodedMs);
          assertThat(decodedMs).isBetween(songDuration - 30, songDuration + 30);
          HeadObjectResponse head = s3.headObject(h -> h.bucket(bucket).key(key));
          assertThat(head.contentType()).isEqualTo("audio/mpeg");
          assertThat(head.metadata()).containsEntry("sha256", r.getString(5));
        }
        assertThat(bitrates).containsExactly(128, 256, 320);
      }
    }
  }

  private void assertOutboxEventsValid(String p) throws SQLException {
    EventSchemas.Validator validator = EventSchemas.validator(EventSchemas.CATALOG_EVENT);
    try (Connection c = db.getConnection();
        PreparedStatement q = c.prepareStatement(
            "SELECT id, entity_type, entity_id, op, payload FROM outbox WHERE entity_id LIKE ? ORDER BY id")) {
      q.setString(1, p + "-%");
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          JsonNode payload = read(r.getString(5));
          assertThat(validator.validate(payload)).as(payload.toString()).isEmpty();
          assertThat(payload.get("version").asLong()).isEqualTo(r.getLong(1));
          assertThat(payload.get("event_id").asText()).isEqualTo(Long.toString(r.getLong(1)));
          assertThat(payload.get("entity_type").asText()).isEqualTo(r.getString(2));
          assertThat(payload.get("entity_id").asText()).isEqualTo(r.getString(3));
          assertThat(r.getString(4)).isEqualTo("upsert");
          if (r.getString(2).equals("song")) {
            JsonNode doc = payload.get("document");
            assertThat(doc.get("artist").asText()).isEqualTo("Motörhead & Friends");
            assertThat(doc.get("album").asText()).isEqualTo("Ace of Tests");
            assertThat(doc.get("play_count").asLong()).isZero();
            assertThat(doc.get("duration_ms").asInt()).isPositive();
          }
        }
      }
    }
  }

  // --- counting -----------------------------------------------------------------------------------

  /** Rows and objects whose ids start with the test's prefix. */
  private Map<String, Long> counts(String p) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("artists", scalar("SELECT count(*) FROM artists WHERE artist_id LIKE ?", p + "-%"));
    counts.put("albums", scalar("SELECT count(*) FROM albums WHERE album_id LIKE ?", p + "-%"));
    counts.put("songs", scalar("SELECT count(*) FROM songs WHERE song_id LIKE ?", p + "-%"));
    counts.put("song_files", scalar("SELECT count(*) FROM song_files WHERE song_id LIKE ?", p + "-%"));
    counts.put("outbox", scalar("SELECT count(*) FROM outbox WHERE entity_id LIKE ?", p + "-%"));
    long objects = 0;
    for (S3Object ignored : s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix("songs/" + p + "-")).contents()) {
      objects++;
    }
    counts.put("objects", objects);
    return counts;
  }

  /** Each object's ETag and Last-Modified by key: a rewrite of the same bytes would change the latter. */
  private Map<String, String> objectVersions(String p) {
    Map<String, String> versions = new LinkedHashMap<>();
    for (S3Object o : s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix("songs/" + p + "-")).contents()) {
      versions.put(o.key(), o.eTag() + " " + o.lastModified());
    }
    return versions;
  }

  private Map<String, String> fileKeys(String songId) throws SQLException {
    Map<String, String> keys = new LinkedHashMap<>();
    try (Connection c = db.getConnection();
        PreparedStatement q = c.prepareStatement("SELECT bitrate, object_key FROM song_files WHERE song_id = ?")) {
      q.setString(1, songId);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          keys.put(r.getString(1), r.getString(2));
        }
      }
    }
    return keys;
  }

  private List<JsonNode> outboxPayloads(String p) throws SQLException {
    List<JsonNode> payloads = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement q = c.prepareStatement("SELECT payload FROM outbox WHERE entity_id LIKE ? ORDER BY id")) {
      q.setString(1, p + "-%");
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          payloads.add(read(r.getString(1)));
        }
      }
    }
    return payloads;
  }

  private long scalar(String sql, String... params) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        q.setString(i + 1, params[i]);
      }
      try (ResultSet r = q.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** What the API's song cache holds for these songs (the value does not matter here). */
  private static void cacheAsTheApiWould(String... songIds) {
    for (String songId : songIds) {
      redis.setex(SongCacheKeys.song(songId), 300, "{\"song_id\":\"" + songId + "\"}");
    }
  }

  private static long cached(String... songIds) {
    return redis.exists(Stream.of(songIds).map(SongCacheKeys::song).toArray(String[]::new));
  }

  private void update(String sql, String param) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
      q.setString(1, param);
      q.executeUpdate();
    }
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
