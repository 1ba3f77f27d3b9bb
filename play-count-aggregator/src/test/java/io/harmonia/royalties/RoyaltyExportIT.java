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
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The royalty export against the real Cassandra, PostgreSQL and object store (Beam on Spark, local
 * mode): exact rows, a rerun with byte-identical files, a verification that passes, then fails on a
 * tampered file and on a play it has not exported — and totals equal to the play counts of the day.
 */
class RoyaltyExportIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Stores stores;
  private static S3Client s3;

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
    stores.store(play("u2", s1, day, "12:00:00", 45_000, "PREMIUM"));
    stores.store(play("u3", s1, day, "13:00:00", 31_000, "FREE"));
    stores.store(play("u4", s1, day, "14:00:00", 10_000, "PREMIUM")); // not qualified
    stores.store(play("u1", s2, day, "23:59:59.999", 200_000, "FREE"));
    stores.store(play("u5", unknown, day, "15:00:00", 40_000, "PREMIUM"));
    stores.store(play("u1", s1, day.minusDays(1), "23:59:59.999", 60_000, "PREMIUM")); // other days
    stores.store(play("u1", s1, day.plusDays(1), "00:00:00", 60_000, "PREMIUM"));

    JsonNode manifest = export(day);
    assertThat(manifest.path("row_count").asLong()).isEqualTo(4);
    assertThat(manifest.path("source").path("plays_read").asLong()).isEqualTo(7);
    assertThat(manifest.path("source").path("qualified_plays").asLong()).isEqualTo(6);
    assertThat(manifest.path("totals").path("qualified_plays").asLong()).isEqualTo(6);
    assertThat(manifest.path("totals").path("unique_listeners").asLong()).isEqualTo(5);
    assertThat(manifest.path("totals").path("ms_listened").asLong()).isEqualTo(406_000);
    assertThat(manifest.path("songs_without_artist").asLong()).isEqualTo(1);
    assertThat(manifest.path("job").path("version").asText()).isNotBlank();
    String prefix = "exports/royalties/date=" + day + "/";
    assertThat(manifest.path("files")).extracting(f -> f.path("key").asText())
        .containsExactly(prefix + "royalties.parquet", prefix + "royalties.csv");
    assertThat(new String(get(prefix + "royalties.csv"), StandardCharsets.UTF_8)).isEqualTo(
        "day,song_id,artist_id,subscription,qualified_plays,unique_listeners,ms_listened\n"
            + day + "," + s1 + "," + artistX + ",FREE,1,1,31000\n"
            + day + "," + s1 + "," + artistX + ",PREMIUM,3,2,135000\n"
            + day + "," + s2 + "," + artistY + ",FREE,1,1,200000\n"
            + day + "," + unknown + ",,PREMIUM,1,1,40000\n");
    assertThat(verify(day)).isEqualTo(JobRuns.OK);

    // a rerun of the day: the same three objects, byte for byte
    List<byte[]> first = objects(prefix);
    export(day);
    List<byte[]> second = objects(prefix);
    for (int i = 0; i < first.size(); i++) {
      assertThat(second.get(i)).isEqualTo(first.get(i));
    }

    // a file changed after the export fails the check; the original bytes pass again
    byte[] csv = get(prefix + "royalties.csv");
    put(prefix + "royalties.csv", new String(csv, StandardCharsets.UTF_8).replace(",3,2,135000", ",4,2,135000")
        .getBytes(StandardCharsets.UTF_8));
    Verification tampered = verification(day);
    assertThat(tampered.code()).isEqualTo(JobRuns.MISMATCH);
    assertThat(tampered.problems()).anySatisfy(p -> assertThat(p).startsWith("royalties.csv has SHA-256"))
        .contains("the Parquet and CSV files hold different rows");
    put(prefix + "royalties.csv", csv);
    assertThat(verify(day)).isEqualTo(JobRuns.OK);

    // a play of the day stored after the export: the check no longer reconciles, a rerun does
    stores.store(play("u6", s2, day, "16:00:00", 50_000, "PREMIUM"));
    Verification stale = verification(day);
    assertThat(stale.code()).isEqualTo(JobRuns.MISMATCH);
    assertThat(stale.problems()).contains("qualified plays: expected 6, found 7",
        "milliseconds listened: expected 406000, found 456000");
    JsonNode rerun = export(day);
    assertThat(rerun.path("totals").path("qualified_plays").asLong()).isEqualTo(7);
    assertThat(verify(day)).isEqualTo(JobRuns.OK);

    // the play counts of the same day add up to the same qualified plays (the unknown song's play is
    // reported by the count job, as it cannot be stored against a song the catalog lacks)
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(PlayCountsJob.run(new String[] {"--from", day + "T00:00:00Z", "--to", day.plusDays(1) + "T00:00:00Z",
        "--allowed-lateness", "PT0S"}, new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(JobRuns.OK);
    JsonNode counts = JSON.readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(counts.path("qualified_plays").asLong()).isEqualTo(7);
    assertThat(storedPlays(day, s1, s2) + counts.path("unknown_song_plays").asLong())
        .isEqualTo(rerun.path("totals").path("qualified_plays").asLong());
  }

  @Test
  void aDayWithoutAnExportFailsTheCheckAndABadDateIsAUsageError() throws Exception {
    Verification missing = verification(Stores.unusedDay());
    assertThat(missing.code()).isEqualTo(JobRuns.MISMATCH);
    assertThat(missing.problems()).singleElement().asString().startsWith("no export for ");
    assertThat(RoyaltyExportJob.run(new String[] {"--date", "2026-13-01"}, new PrintStream(new ByteArrayOutputStream())))
        .isEqualTo(JobRuns.USAGE);
    assertThat(RoyaltyExportJob.run(new String[] {"--verify"}, new PrintStream(new ByteArrayOutputStream())))
        .isEqualTo(JobRuns.USAGE);
  }

  private static JsonNode export(LocalDate day) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(RoyaltyExportJob.run(new String[] {"--date", day.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(JobRuns.OK);
    return JSON.readTree(out.toString(StandardCharsets.UTF_8));
  }

  private static int verify(LocalDate day) {
    return verification(day).code();
  }

  /** The check's exit code and its report. */
  private record Verification(int code, JsonNode report) {
    List<String> problems() {
      return java.util.stream.StreamSupport.stream(report.path("problems").spliterator(), false)
          .map(JsonNode::asText).toList();
    }
  }

  private static Verification verification(LocalDate day) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = RoyaltyExportJob.run(new String[] {"--date", day.toString(), "--verify"},
        new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      JsonNode report = JSON.readTree(out.toString(StandardCharsets.UTF_8));
      assertThat(report.path("ok").asBoolean()).isEqualTo(code == JobRuns.OK);
      return new Verification(code, report);
    } catch (java.io.IOException e) {
      throw new AssertionError("the check printed no JSON report: " + out, e);
    }
  }

  private static Play play(String user, String song, LocalDate day, String time, int durationMs, String tier) {
    return new Play(UUID.randomUUID().toString(), user, song, Instant.parse(day + "T" + time + "Z"), durationMs, tier);
  }

  private static List<byte[]> objects(String prefix) {
    return Arrays.asList(get(prefix + "royalties.parquet"), get(prefix + "royalties.csv"), get(prefix + "_manifest.json"));
  }

  private static byte[] get(String key) {
    return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(stores.config.objectStore().bucket()).key(key).build())
        .asByteArray();
  }

  private static void put(String key, byte[] bytes) {
    s3.putObject(PutObjectRequest.builder().bucket(stores.config.objectStore().bucket()).key(key).build(),
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
