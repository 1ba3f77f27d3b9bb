package io.harmonia.system.plays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.clients.ObjectStoreClients;
import io.harmonia.config.HarmoniaConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A day's royalty export as the royalty team reads it from the object store: {@code _manifest.json}
 * and the rows of {@code royalties.csv} (the export's check compares the Parquet file's rows with
 * the CSV's, and both files' sizes and SHA-256 with the manifest). The current run of the day:
 * the one {@code date=D/_current.json} names in the royalty bucket
 * ({@code HARMONIA_S3_ROYALTY_BUCKET}, default {@code harmonia-royalties}); without such a pointer,
 * the single export of the day under {@code exports/royalties/date=D/} of the media bucket (the
 * layout before runs and pointers).
 */
public record RoyaltyExport(JsonNode manifest, List<String> csvHeader, List<RoyaltyRow> csvRows) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static RoyaltyExport read(HarmoniaConfig config, LocalDate day) {
    try (S3Client s3 = ObjectStoreClients.s3(config)) {
      String royalties = config.get("HARMONIA_S3_ROYALTY_BUCKET", "harmonia-royalties");
      byte[] pointer = find(s3, royalties, "date=" + day + "/_current.json");
      if (pointer != null) {
        JsonNode manifest = JSON.readTree(object(s3, royalties, JSON.readTree(pointer).get("manifest").asText()));
        String csv = null;
        for (JsonNode file : manifest.path("files")) {
          if ("csv".equals(file.path("format").asText())) {
            csv = file.get("key").asText();
          }
        }
        if (csv == null) {
          throw new IllegalStateException("the manifest of " + day + " lists no CSV file: " + manifest);
        }
        return of(manifest, object(s3, royalties, csv));
      }
      String prefix = "exports/royalties/date=" + day + "/";
      String media = config.objectStore().bucket();
      return of(JSON.readTree(object(s3, media, prefix + "_manifest.json")), object(s3, media, prefix + "royalties.csv"));
    } catch (IOException e) {
      throw new IllegalStateException("the manifest of " + day + " is not JSON", e);
    }
  }

  private static RoyaltyExport of(JsonNode manifest, byte[] csv) {
    List<String> lines = new String(csv, StandardCharsets.UTF_8).lines().toList();
    return new RoyaltyExport(manifest, List.of(lines.get(0).split(",", -1)),
        lines.subList(1, lines.size()).stream().map(RoyaltyExport::row).toList());
  }

  private static byte[] object(S3Client s3, String bucket, String key) {
    return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build()).asByteArray();
  }

  /** The object, or null when it (or its bucket) does not exist. */
  private static byte[] find(S3Client s3, String bucket, String key) {
    try {
      return object(s3, bucket, key);
    } catch (NoSuchKeyException | NoSuchBucketException e) {
      return null;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return null;
      }
      throw e;
    }
  }

  /** A CSV line: ids never need quoting, an absent artist is an empty field. */
  private static RoyaltyRow row(String line) {
    String[] f = line.split(",", -1);
    if (f.length != 7) {
      throw new IllegalStateException("a royalty CSV row has " + f.length + " fields, not 7: " + line);
    }
    return new RoyaltyRow(LocalDate.parse(f[0]), f[1], f[2].isEmpty() ? null : f[2], f[3], Long.parseLong(f[4]),
        Long.parseLong(f[5]), Long.parseLong(f[6]));
  }
}
