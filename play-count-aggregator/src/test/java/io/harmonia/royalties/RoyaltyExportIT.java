package io.harmonia.royalties;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.clients.ObjectStoreClients;
import io.harmonia.jobs.JobRuns;
import io.harmonia.playcounts.PlayCountsJob;
import io.harmonia.plays.Play;
import io.harmonia.testing.Stores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The royalty export against the real Cassandra, PostgreSQL and object store (Beam on Spark, local
 * mode): exact rows with the plays' verdicts, a cut-off, a rerun that publishes nothing and is
 * byte-identical, a later run that supersedes the first and keeps it, checks that pass and fail; a
 * late play paid by a restatement of its day only; totals equal to the play counts of the day.
 */
class RoyaltyExportIT {

  static final ObjectMapper JSON = new ObjectMapper();
  static Stores stores;
  static S3Client s3;

  @BeforeAll
  static void connect() {
    stores = new Stores();
    s3 = ObjectStoreClients.s3(stores.config);
  }

  @AfterAll
  static void disconnect() {
    s3.close();
    stores.close();
  }

  @Test
  void exportsTheDayExactlyReproduciblyAndVerifiably() throws Exception {
    String run = Stores.runId();
    LocalDate day = Stores.unusedDay();
    Instant cutoff = Instant.parse(day.plusDays(1) + "T02:00:00Z");
    String s1 = "ry-" + run + "-1";
    String s2 = "ry-" + run + "-2";
    String unknown = "ry-" + run + "-9";
    String artistX = "ry-" + run + "-x";
    String artistY = "ry-" + run + "-y";
    stores.catalog(artistX, s1);
    stores.catalog(artistY, s2);

    Play replayed = play("u1", s1, day, "00:00:00", 60_000, "PREMIUM");
    stores.store(replayed);
    stores.store(replayed);
    stores.store(play("u1", s1, day, "09:00:00", 30_000, "PREMIUM"));
    stores.store(judged(play("u2", s1, day, "12:00:00", 45_000, "PREMIUM"), true, null));
    stores.store(play("u3", s1, day, "13:00:00", 31_000, "FREE"));
    stores.store(play("u4", s1, day, "14:00:00", 10_000, "PREMIUM")); // legacy, too short
    stores.store(judged(play("u7", s1, day, "16:00:00", 40_000, "FREE"), false, "play-id-reused"));
    stores.store(judged(play("u8", s2, day, "17:00:00", 35_000, "PREMIUM"), false, "overlapping"));
    stores.store(play("u1", s2, day, "23:59:59.999", 200_000, "FREE"));
    stores.store(play("u5", unknown, day, "15:00:00", 40_000, "PREMIUM"));
    stores.store(received(play("u9", s2, day, "18:00:00", 50_000, "PREMIUM"), cutoff.plusSeconds(3600))); // late
    stores.store(play("u1", s1, day.minusDays(1), "23:59:59.999", 60_000, "PREMIUM")); // other days
    stores.store(play("u1", s1, day.plusDays(1), "00:00:00", 60_000, "PREMIUM"));

    JsonNode first = export(day, cutoff);
    assertThat(first.path("status").asText()).isEqualTo("published");
    assertThat(first.path("previous_run_id").isNull()).isTrue();
    assertThat(first.path("plays_received_after_cutoff").asLong()).isEqualTo(1);
    JsonNode manifest = first.path("manifest");
    String runId = first.path("run_id").asText();
    assertThat(runId).startsWith(Instant.parse(day.plusDays(1) + "T02:00:00Z").toString()
        .replace("-", "").replace(":", "").substring(0, 15));
    assertThat(manifest.path("run_id").asText()).isEqualTo(runId);
    assertThat(manifest.path("cutoff").asText()).isEqualTo(cutoff.toString());
    assertThat(manifest.path("row_count").asLong()).isEqualTo(4);
    assertThat(manifest.path("source").path("plays_read").asLong()).isEqualTo(9);
    assertThat(manifest.path("source").path("qualified_plays").asLong()).isEqualTo(6);
    assertThat(manifest.path("source").path("disqualified_plays").asLong()).isEqualTo(3);
    assertThat(counts(manifest.path("source").path("disqualified")))
        .containsExactly(Map.entry("overlapping", 1L), Map.entry("play-id-reused", 1L), Map.entry("too-short", 1L));
    assertThat(manifest.path("source").path("per_tier").path("FREE").path("plays_read").asLong()).isEqualTo(3);
    assertThat(manifest.path("source").path("per_tier").path("FREE").path("qualified_plays").asLong()).isEqualTo(2);
    assertThat(manifest.path("totals").path("qualified_plays").asLong()).isEqualTo(6);
    assertThat(manifest.path("totals").path("unique_listeners").asLong()).isEqualTo(5);
    assertThat(manifest.path("totals").path("ms_listened").asLong()).isEqualTo(406_000);
    assertThat(manifest.path("songs_without_artist").asLong()).isEqualTo(1);
    String prefix = "date=" + day + "/run=" + runId + "/";
    assertThat(manifest.path("files")).extracting(f -> f.path("key").asText())
        .containsExactly(prefix + "royalties.parquet", prefix + "royalties.csv", prefix + "report.html");
    assertThat(manifest.path("report").asText()).isEqualTo(prefix + "report.html");
    assertThat(new String(get(prefix + "royalties.csv"), StandardCharsets.UTF_8)).isEqualTo(
        "day,song_id,artist_id,subscription,qualified_plays,unique_listeners,ms_listened\n"
            + day + "," + s1 + "," + artistX + ",FREE,1,1,31000\n"
            + day + "," + s1 + "," + artistX + ",PREMIUM,3,2,135000\n"
            + day + "," + s2 + "," + artistY + ",FREE,1,1,200000\n"
            + day + "," + unknown + ",,PREMIUM,1,1,40000\n");
    JsonNode pointer = JSON.readTree(get("date=" + day + "/_current.json"));
    assertThat(pointer.path("run_id").asText()).isEqualTo(runId);
    assertThat(pointer.path("manifest").asText()).isEqualTo(prefix + "_manifest.json");
    assertThat(pointer.path("history")).isEmpty();
    assertThat(verify(day)).isEqualTo(JobRuns.OK);

    // a rerun over the same plays and cut-off: nothing published, and it says so
    Map<String, byte[]> before = objects("date=" + day + "/");
    JsonNode rerun = export(day, cutoff);
    assertThat(rerun.path("status").asText()).isEqualTo("unchanged");
    assertThat(rerun.path("run_id").asText()).isEqualTo(runId);
    assertThat(rerun.path("note").asText()).contains("byte-identical");
    assertThat(rerun.path("files_repaired").asLong()).isZero();
    Map<String, byte[]> after = objects("date=" + day + "/");
    assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
    before.forEach((key, bytes) -> assertThat(after.get(key)).as(key).isEqualTo(bytes));

    // a file changed after the export fails the check; the original bytes pass again
    byte[] csv = get(prefix + "royalties.csv");
    put(prefix + "royalties.csv", new String(csv, StandardCharsets.UTF_8).replace(",3,2,135000", ",4,2,135000")
        .getBytes(StandardCharsets.UTF_8));
    Verification tampered = verification("--date", day.toString(), "--verify");
    assertThat(tampered.code()).isEqualTo(JobRuns.MISMATCH);
    assertThat(tampered.problems()).anySatisfy(p -> assertThat(p).startsWith("royalties.csv has SHA-256"))
        .contains("the Parquet and CSV files hold different rows");
    // a rerun over the same plays puts the manifest's bytes back, and publishes nothing
    JsonNode repair = export(day, cutoff);
    assertThat(repair.path("status").asText()).isEqualTo("unchanged");
    assertThat(repair.path("files_repaired").asLong()).isEqualTo(1);
    assertThat(get(prefix + "royalties.csv")).isEqualTo(csv);
    assertThat(verify(day)).isEqualTo(JobRuns.OK);

    // a later cut-off takes the late play: a new run supersedes the first, which stays, listed
    JsonNode second = export(day, cutoff.plusSeconds(7200));
    assertThat(second.path("status").asText()).isEqualTo("published");
    assertThat(second.path("previous_run_id").asText()).isEqualTo(runId);
    assertThat(second.path("run_id").asText()).isNotEqualTo(runId);
    assertThat(second.path("manifest").path("totals").path("qualified_plays").asLong()).isEqualTo(7);
    assertThat(second.path("manifest").path("previous_run_id").asText()).isEqualTo(runId);
    pointer = JSON.readTree(get("date=" + day + "/_current.json"));
    assertThat(pointer.path("run_id").asText()).isEqualTo(second.path("run_id").asText());
    assertThat(pointer.path("history")).extracting(r -> r.path("run_id").asText()).containsExactly(runId);
    Map<String, byte[]> firstRun = objects(prefix);
    assertThat(firstRun).hasSize(4);
    firstRun.forEach((key, bytes) -> assertThat(bytes).as(key).isEqualTo(before.get(key)));
    assertThat(verify(day)).isEqualTo(JobRuns.OK);
    assertThat(new String(get(second.path("manifest").path("report").asText()), StandardCharsets.UTF_8))
        .contains("Against run <code>" + runId + "</code>").contains("1 of 5 (song, tier) rows changed");

    // the play counts of the same day add up to the same qualified plays (the unknown song's play is
    // reported by the count job, as it cannot be stored against a song the catalog lacks)
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(PlayCountsJob.run(new String[] {"--from", day + "T00:00:00Z", "--to", day.plusDays(1) + "T00:00:00Z",
        "--allowed-lateness", "PT0S"}, new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(JobRuns.OK);
    JsonNode counts = JSON.readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(counts.path("qualified_plays").asLong()).isEqualTo(7);
    assertThat(storedPlays(day, s1, s2) + counts.path("unknown_song_plays").asLong())
        .isEqualTo(second.path("manifest").path("totals").path("qualified_plays").asLong());
  }

  @Test
  void aLatePlayIsPaidByARestatementOfItsDayOnly() throws Exception {
    String run = Stores.runId();
    LocalDate day = Stores.unusedDay();
    LocalDate next = day.plusDays(1);
    String song = "rr-" + run + "-1";
    stores.catalog("rr-" + run + "-a", song);
    Instant exportedAt = Instant.parse(next.plusDays(1) + "T02:00:00Z"); // after both days
    stores.store(play("u1", song, day, "10:00:00", 60_000, "PREMIUM"));
    stores.store(play("u2", song, next, "11:00:00", 60_000, "FREE"));
    String dayRun = export(day, exportedAt).path("run_id").asText();
    String nextRun = export(next, exportedAt).path("run_id").asText();

    // a play of the first day received after its export
    stores.store(received(judged(play("u3", song, day, "23:00:00", 90_000, "PREMIUM"), true, null),
        exportedAt.plusSeconds(600)));
    Instant restatedAt = exportedAt.plusSeconds(86_400);
    JsonNode restatement = job("--from", day.minusDays(1).toString(), "--to", next.toString(),
        "--cutoff", restatedAt.toString(), "--restate");
    assertThat(restatement.path("restated")).extracting(d -> d.path("date").asText()).containsExactly(day.toString());
    assertThat(restatement.path("unchanged")).extracting(JsonNode::asText).containsExactly(next.toString());
    assertThat(restatement.path("not_exported")).extracting(JsonNode::asText)
        .containsExactly(day.minusDays(1).toString());
    JsonNode restated = restatement.path("restated").get(0);
    assertThat(restated.path("previous_run_id").asText()).isEqualTo(dayRun);
    assertThat(restated.path("qualified_plays").asLong()).isEqualTo(2);

    JsonNode pointer = JSON.readTree(get("date=" + day + "/_current.json"));
    assertThat(pointer.path("run_id").asText()).isEqualTo(restated.path("run_id").asText()).isNotEqualTo(dayRun);
    assertThat(pointer.path("history")).extracting(r -> r.path("run_id").asText()).containsExactly(dayRun);
    JsonNode manifest = JSON.readTree(get(pointer.path("manifest").asText()));
    assertThat(manifest.path("totals").path("qualified_plays").asLong()).isEqualTo(2);
    assertThat(manifest.path("totals").path("ms_listened").asLong()).isEqualTo(150_000);
    // the earlier run's files are all still there, with the checksums of its manifest
    JsonNode earlier = JSON.readTree(get("date=" + day + "/run=" + dayRun + "/_manifest.json"));
    for (JsonNode f : earlier.path("files")) {
      assertThat(RoyaltyFiles.sha256(get(f.path("key").asText()))).isEqualTo(f.path("sha256").asText());
    }
    assertThat(JSON.readTree(get("date=" + next + "/_current.json")).path("run_id").asText()).isEqualTo(nextRun);

    Verification checks = verification("--from", day.minusDays(1).toString(), "--to", next.toString(), "--verify");
    assertThat(checks.code()).isEqualTo(JobRuns.OK);
    assertThat(checks.report().path("days")).hasSize(2);

    // the same restatement again finds nothing to do
    JsonNode again = job("--from", day.toString(), "--to", next.toString(), "--cutoff", restatedAt.toString(),
        "--restate");
    assertThat(again.path("restated")).isEmpty();
    assertThat(again.path("unchanged")).extracting(JsonNode::asText).containsExactly(day.toString(), next.toString());
  }

  @Test
  void aDayWithoutAnExportFailsTheCheckAndBadArgumentsAreUsageErrors() throws Exception {
    Verification missing = verification("--date", Stores.unusedDay().toString(), "--verify");
    assertThat(missing.code()).isEqualTo(JobRuns.MISMATCH);
    assertThat(missing.problems()).singleElement().asString().startsWith("no export for ");
    for (String[] args : List.of(new String[] {"--date", "2026-13-01"}, new String[] {"--verify"},
        new String[] {"--from", "2026-01-02", "--to", "2026-01-01", "--restate"},
        new String[] {"--from", "2026-01-01", "--to", "2026-01-02"},
        new String[] {"--date", "2026-01-01", "--cutoff", "yesterday"},
        new String[] {"--date", "2026-01-01", "--verify", "--restate"},
        new String[] {"--date", "2026-01-01", "--verify", "--cutoff", "2026-01-02T00:00:00Z"})) {
      assertThat(RoyaltyExportJob.run(args, new PrintStream(new ByteArrayOutputStream()))).as(String.join(" ", args))
          .isEqualTo(JobRuns.USAGE);
    }
  }

  static JsonNode export(LocalDate day, Instant cutoff) throws Exception {
    return job("--date", day.toString(), "--cutoff", cutoff.toString());
  }

  static JsonNode job(String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(RoyaltyExportJob.run(args, new PrintStream(out, true, StandardCharsets.UTF_8)))
        .as(String.join(" ", args)).isEqualTo(JobRuns.OK);
    return JSON.readTree(out.toString(StandardCharsets.UTF_8));
  }

  static int verify(LocalDate day) {
    return verification("--date", day.toString(), "--verify").code();
  }

  /** The check's exit code and its report. */
  record Verification(int code, JsonNode report) {
    List<String> problems() {
      return StreamSupport.stream(report.path("problems").spliterator(), false).map(JsonNode::asText).toList();
    }
  }

  static Verification verification(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = RoyaltyExportJob.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      JsonNode report = JSON.readTree(out.toString(StandardCharsets.UTF_8));
      assertThat(report.path("ok").asBoolean()).isEqualTo(code == JobRuns.OK);
      return new Verification(code, report);
    } catch (java.io.IOException e) {
      throw new AssertionError("the check printed no JSON report: " + out, e);
    }
  }

  static Play play(String user, String song, LocalDate day, String time, int durationMs, String tier) {
    return new Play(UUID.randomUUID().toString(), user, song, Instant.parse(day + "T" + time + "Z"), durationMs, tier);
  }

  static Play judged(Play p, boolean qualified, String rule) {
    return new Play(p.eventId(), p.userId(), p.songId(), p.playedAt(), p.durationMs(), p.subscription(), qualified,
        rule, p.receivedAt());
  }

  static Play received(Play p, Instant receivedAt) {
    return new Play(p.eventId(), p.userId(), p.songId(), p.playedAt(), p.durationMs(), p.subscription(),
        p.qualified(), p.rule(), receivedAt);
  }

  private static Map<String, Long> counts(JsonNode node) {
    Map<String, Long> counts = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
    return counts;
  }

  /** Every object under the prefix, by key (in key order). */
  static Map<String, byte[]> objects(String prefix) {
    Map<String, byte[]> objects = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>();
    s3.listObjectsV2Paginator(b -> b.bucket(stores.config.royaltyBucket()).prefix(prefix)).contents()
        .forEach((S3Object o) -> keys.add(o.key()));
    keys.stream().sorted().forEach(k -> objects.put(k, get(k)));
    return objects;
  }

  static byte[] get(String key) {
    return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(stores.config.royaltyBucket()).key(key).build())
        .asByteArray();
  }

  static void put(String key, byte[] bytes) {
    s3.putObject(PutObjectRequest.builder().bucket(stores.config.royaltyBucket()).key(key).build(),
        RequestBody.fromBytes(bytes));
  }

  private static long storedPlays(LocalDate day, String... songIds) throws Exception {
    try (Connection c = stores.db.getConnection();
        PreparedStatement q = c.prepareStatement("SELECT COALESCE(sum(play_count), 0) FROM song_play_counts"
            + " WHERE song_id = ANY (?) AND window_start >= ? AND window_start < ?")) {
      q.setArray(1, c.createArrayOf("text", songIds));
      q.setObject(2, day.atStartOfDay().atOffset(java.time.ZoneOffset.UTC));
      q.setObject(3, day.plusDays(1).atStartOfDay().atOffset(java.time.ZoneOffset.UTC));
      try (ResultSet r = q.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }
}
