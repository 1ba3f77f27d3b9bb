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

/**
 * A day's royalty export as the royalty team reads it from the object store: {@code _manifest.json}
 * and the rows of {@code royalties.csv} (the export's check compares the Parquet file's rows with
 * the CSV's, and both files' sizes and SHA-256 with the manifest).
 */
public record RoyaltyExport(JsonNode manifest, List<String> csvHeader, List<RoyaltyRow> csvRows) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static RoyaltyExport read(HarmoniaConfig config, LocalDate day) {
    String prefix = "exports/royalties/date=" + day + "/";
    try (S3Client s3 = ObjectStoreClients.s3(config)) {
      JsonNode manifest = JSON.readTree(object(s3, config, prefix + "_manifest.json"));
      List<String> lines = new String(object(s3, config, prefix + "royalties.csv"), StandardCharsets.UTF_8).lines().toList();
      return new RoyaltyExport(manifest, List.of(lines.get(0).split(",", -1)),
          lines.subList(1, lines.size()).stream().map(RoyaltyExport::row).toList());
    } catch (IOException e) {
      throw new IllegalStateException("the manifest of " + day + " is not JSON", e);
    }
  }

  private static byte[] object(S3Client s3, HarmoniaConfig config, String key) {
    return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(config.objectStore().bucket()).key(key).build())
        .asByteArray();
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
