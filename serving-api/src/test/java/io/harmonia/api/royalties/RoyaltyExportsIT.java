package io.harmonia.api.royalties;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.api.testing.ApiUnderTest;
import io.harmonia.api.testing.ApiUnderTest.Account;
import io.harmonia.api.testing.ApiUnderTest.Response;
import io.harmonia.clients.ObjectStoreClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code GET /api/v1/royalties/exports} against the real object store: a ROYALTY account gets
 * presigned links to the current run's manifest and files, which download without credentials and
 * match the manifest's checksums; a listener gets 403; a tampered or unsigned link is refused by the
 * object store; bad and unknown days are 400 and 404.
 */
class RoyaltyExportsIT {

  static ApiUnderTest api;
  static S3Client s3;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    api = new ApiUnderTest();
    s3 = ObjectStoreClients.s3(api.config);
  }

  @AfterAll
  static void stop() {
    s3.close();
    api.close();
  }

  @Test
  void aRoyaltyAccountDownloadsTheCurrentRunAndAListenerIsRefused() throws Exception {
    LocalDate day = LocalDate.of(2100, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(900 * 365));
    Map<String, byte[]> earlier = publishRun(day, "run-1", "1", null);
    Map<String, byte[]> current = publishRun(day, "run-2", "2", "run-1");

    Account royalty = api.newAccount("FREE", "ROYALTY");
    Response answer = api.get("/api/v1/royalties/exports?date=" + day, royalty.token());
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
    JsonNode links = answer.json();
    assertThat(links.get("run_id").asText()).isEqualTo("run-2");
    assertThat(links.get("earlier_runs")).extracting(r -> r.get("run_id").asText()).containsExactly("run-1");
    assertThat(Instant.parse(links.get("expires_at").asText())).isAfter(Instant.now());

    byte[] manifest = download(links.get("manifest").get("url").asText());
    assertThat(manifest).isEqualTo(current.get("_manifest.json"));
    assertThat(sha256(manifest)).isEqualTo(links.get("manifest").get("sha256").asText());
    JsonNode parsed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(manifest);
    assertThat(links.get("files")).hasSize(3);
    for (JsonNode file : links.get("files")) {
      byte[] bytes = download(file.get("url").asText());
      String name = file.get("name").asText();
      assertThat(bytes).as(name).isEqualTo(current.get(name)).isNotEqualTo(earlier.get(name));
      String listed = null;
      for (JsonNode f : parsed.get("files")) {
        if (f.get("name").asText().equals(name)) {
          listed = f.get("sha256").asText();
        }
      }
      assertThat(sha256(bytes)).as(name + " against the manifest").isEqualTo(listed);
      assertThat(URI.create(file.get("url").asText()).getQuery()).contains("X-Amz-Signature=", "X-Amz-Expires=900");
    }

    // the link is the credential: without its signature, or with another key, the store refuses
    String url = links.get("files").get(0).get("url").asText();
    assertThat(status(url.substring(0, url.indexOf('?')))).isEqualTo(403);
    assertThat(status(url.replace("royalties.parquet", "royalties.csv"))).isEqualTo(403);

    Account listener = api.newAccount("PREMIUM");
    Response refused = api.get("/api/v1/royalties/exports?date=" + day, listener.token());
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(api.get("/api/v1/royalties/exports?date=" + day, null).status()).isEqualTo(401);
  }

  @Test
  void aBadOrUnknownDayIsAProblem() {
    Account royalty = api.newAccount("FREE", "ROYALTY");
    Response missing = api.get("/api/v1/royalties/exports", royalty.token());
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().get("detail").asText()).contains("'date'");
    assertThat(api.get("/api/v1/royalties/exports?date=2026-13-01", royalty.token()).status()).isEqualTo(400);
    Response unknown = api.get("/api/v1/royalties/exports?date=1900-01-01", royalty.token());
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("detail").asText()).contains("no royalty export has been published for 1900-01-01");
  }

  /** Writes a run as the export job lays it out (files, manifest, then the pointer); returns its objects by name. */
  private static Map<String, byte[]> publishRun(LocalDate day, String runId, String content, String previous)
      throws Exception {
    String prefix = "date=" + day + "/run=" + runId + "/";
    Map<String, byte[]> objects = new LinkedHashMap<>();
    objects.put("royalties.parquet", ("PAR1 rows of " + runId + " " + content).getBytes(StandardCharsets.UTF_8));
    objects.put("royalties.csv", ("day,song_id\n" + day + ",s-" + content + "\n").getBytes(StandardCharsets.UTF_8));
    objects.put("report.html", ("<!DOCTYPE html><title>" + runId + "</title>").getBytes(StandardCharsets.UTF_8));
    StringBuilder files = new StringBuilder();
    for (Map.Entry<String, byte[]> o : objects.entrySet()) {
      put(prefix + o.getKey(), o.getValue());
      files.append(files.isEmpty() ? "" : ",").append("{\"name\":\"").append(o.getKey()).append("\",\"key\":\"")
          .append(prefix).append(o.getKey()).append("\",\"format\":\"")
          .append(o.getKey().substring(o.getKey().lastIndexOf('.') + 1)).append("\",\"bytes\":")
          .append(o.getValue().length).append(",\"sha256\":\"").append(sha256(o.getValue())).append("\"}");
    }
    byte[] manifest = ("{\"export\":\"royalties\",\"format_version\":2,\"date\":\"" + day + "\",\"run_id\":\"" + runId
        + "\",\"totals\":{\"qualified_plays\":" + content + "},\"files\":[" + files + "]}")
        .getBytes(StandardCharsets.UTF_8);
    put(prefix + "_manifest.json", manifest);
    objects.put("_manifest.json", manifest);
    String history = previous == null ? "[]" : "[{\"run_id\":\"" + previous + "\",\"manifest\":\"date=" + day + "/run="
        + previous + "/_manifest.json\",\"cutoff\":\"2026-01-01T00:00:00Z\",\"published_at\":\"2026-01-01T00:00:00Z\"}]";
    put("date=" + day + "/_current.json", ("{\"export\":\"royalties\",\"format_version\":1,\"date\":\"" + day
        + "\",\"run_id\":\"" + runId + "\",\"manifest\":\"" + prefix + "_manifest.json\",\"cutoff\":\"2026-01-02T00:00:00Z\","
        + "\"published_at\":\"2026-01-02T00:00:00Z\",\"history\":" + history + "}").getBytes(StandardCharsets.UTF_8));
    return objects;
  }

  private static void put(String key, byte[] bytes) {
    s3.putObject(b -> b.bucket(api.config.royaltyBucket()).key(key).contentType("application/octet-stream"),
        RequestBody.fromBytes(bytes));
  }

  private static byte[] download(String url) throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as("GET %s", url).isEqualTo(200);
    return r.body();
  }

  private static int status(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
