package io.harmonia.royalties;

import io.harmonia.clients.ObjectStoreClients;
import io.harmonia.config.HarmoniaConfig;
import java.nio.file.Path;
import java.time.LocalDate;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Where a day's export lives in the object store: {@code exports/royalties/date=YYYY-MM-DD/}
 * (Hive-style, so a query engine sees {@code date} as a partition column). A rerun overwrites the
 * same keys; these objects are not served through the CDN, so no cache can hold a stale copy.
 */
public final class ExportLocation implements AutoCloseable {

  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  private ExportLocation(S3Client s3, String bucket, LocalDate date) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix(date);
  }

  public static ExportLocation of(HarmoniaConfig config, LocalDate date) {
    return new ExportLocation(ObjectStoreClients.s3(config), config.objectStore().bucket(), date);
  }

  public static String prefix(LocalDate date) {
    return "exports/royalties/date=" + date + "/";
  }

  public String key(String name) {
    return prefix + name;
  }

  public void put(String name, Path file, String contentType) {
    s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key(name)).contentType(contentType).build(),
        RequestBody.fromFile(file));
  }

  public void put(String name, byte[] bytes, String contentType) {
    s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key(name)).contentType(contentType).build(),
        RequestBody.fromBytes(bytes));
  }

  /** The object's bytes; throws {@code NoSuchKeyException} when it is missing. */
  public byte[] get(String key) {
    return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build()).asByteArray();
  }

  @Override
  public void close() {
    s3.close();
  }
}
