package io.harmonia.api.royalties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.api.http.ApiProblem;
import io.harmonia.api.http.ProblemMapper;
import io.harmonia.clients.ObjectStoreClients;
import io.harmonia.config.HarmoniaConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@code GET /api/v1/royalties/exports?date=YYYY-MM-DD}, for accounts with the {@code ROYALTY}
 * role (the route declares it; anyone else gets 403): the day's current export run — the one its
 * pointer {@code date=D/_current.json} in the royalty bucket names — as time-limited download
 * links, S3 presigned GETs (SigV4, query-string auth) for its manifest and each file the manifest
 * lists, with the sizes and SHA-256 to check them against. The royalty team downloads from the
 * object store directly with those links and never holds the platform's keys; a link grants one GET
 * of one object until it expires ({@code HARMONIA_ROYALTY_LINK_TTL_SECONDS}, default 900).
 */
public final class RoyaltyExportsHandler {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RETRY_AFTER_SECONDS = 5;

  private final S3Client s3;
  private final S3Presigner presigner;
  private final String bucket;
  private final Duration linkValidity;
  private final Clock clock;

  public RoyaltyExportsHandler(S3Client s3, S3Presigner presigner, String bucket, Duration linkValidity, Clock clock) {
    if (linkValidity.isNegative() || linkValidity.isZero() || linkValidity.compareTo(Duration.ofDays(7)) > 0) {
      throw new IllegalArgumentException("a download link is valid for more than 0 s and at most 7 days (SigV4),"
          + " not " + linkValidity);
    }
    this.s3 = s3;
    this.presigner = presigner;
    this.bucket = bucket;
    this.linkValidity = linkValidity;
    this.clock = clock;
  }

  /** The handler over the configured object store and royalty bucket (path-style, as s3proxy needs). */
  public static RoyaltyExportsHandler from(HarmoniaConfig config, Clock clock) {
    HarmoniaConfig.ObjectStore store = config.objectStore();
    StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
        AwsBasicCredentials.create(store.accessKey(), store.secretKey()));
    S3Configuration pathStyle = S3Configuration.builder().pathStyleAccessEnabled(true).build();
    S3Client s3 = ObjectStoreClients.s3(config);
    S3Presigner presigner = S3Presigner.builder()
        .endpointOverride(URI.create(store.endpoint()))
        .region(Region.of(store.region()))
        .credentialsProvider(credentials)
        .serviceConfiguration(pathStyle)
        .build();
    return new RoyaltyExportsHandler(s3, presigner, config.royaltyBucket(),
        Duration.ofSeconds(config.getLong("HARMONIA_ROYALTY_LINK_TTL_SECONDS", 900)), clock);
  }

  public void exports(Context ctx) throws IOException {
    LocalDate date = date(ctx.queryParam("date"));
    String pointerKey = "date=" + date + "/_current.json";
    JsonNode pointer;
    JsonNode manifest;
    byte[] manifestBytes;
    String manifestKey;
    try {
      pointer = JSON.readTree(get(pointerKey));
      manifestKey = pointer.path("manifest").asText();
      if (manifestKey.isEmpty() || !manifestKey.startsWith("date=" + date + "/run=")) {
        throw new IllegalStateException(pointerKey + " names no manifest of " + date + ": " + manifestKey);
      }
      manifestBytes = get(manifestKey);
      manifest = JSON.readTree(manifestBytes);
    } catch (NoSuchKeyException e) {
      throw new ApiProblem(404, "no-export", "No export", "no royalty export has been published for " + date);
    } catch (SdkException e) {
      ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
      ProblemMapper.respond(ctx, new ApiProblem(503, "object-store-unavailable", "Service unavailable",
          "the royalty exports cannot be read right now: " + e.getMessage()));
      return;
    }
    Instant expiresAt = clock.instant().plus(linkValidity);
    ObjectNode out = JSON.createObjectNode();
    out.put("date", date.toString());
    out.put("run_id", pointer.path("run_id").asText());
    out.put("cutoff", pointer.path("cutoff").asText());
    out.put("published_at", pointer.path("published_at").asText());
    out.put("expires_at", expiresAt.toString());
    ObjectNode m = out.putObject("manifest");
    m.put("name", "_manifest.json");
    m.put("key", manifestKey);
    m.put("bytes", manifestBytes.length);
    m.put("sha256", sha256(manifestBytes));
    m.put("url", link(manifestKey));
    ArrayNode files = out.putArray("files");
    for (JsonNode f : manifest.path("files")) {
      ObjectNode file = files.addObject();
      file.put("name", f.path("name").asText());
      file.put("format", f.path("format").asText());
      file.put("key", f.path("key").asText());
      file.put("bytes", f.path("bytes").asLong());
      file.put("sha256", f.path("sha256").asText());
      file.put("url", link(f.path("key").asText()));
    }
    out.set("totals", manifest.path("totals"));
    ArrayNode history = out.putArray("earlier_runs");
    for (JsonNode r : pointer.path("history")) {
      ObjectNode run = history.addObject();
      run.put("run_id", r.path("run_id").asText());
      run.put("cutoff", r.path("cutoff").asText());
      run.put("published_at", r.path("published_at").asText());
    }
    ctx.header("Cache-Control", "no-store"); // the links are credentials, however short-lived
    ctx.contentType("application/json").result(JSON.writeValueAsString(out));
  }

  private static LocalDate date(String value) {
    if (value == null || value.isBlank()) {
      throw ApiProblem.badRequest("the query parameter 'date' (YYYY-MM-DD, a UTC day) is required");
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiProblem.badRequest("'date' must be a day as YYYY-MM-DD, got '" + value + "'");
    }
  }

  private byte[] get(String key) {
    return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  private String link(String key) {
    return presigner.presignGetObject(p -> p.signatureDuration(linkValidity)
        .getObjectRequest(g -> g.bucket(bucket).key(key))).url().toString();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
