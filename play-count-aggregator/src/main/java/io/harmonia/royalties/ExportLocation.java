package io.harmonia.royalties;

import io.harmonia.clients.ObjectStoreClients;
import io.harmonia.config.HarmoniaConfig;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Where a day's exports live: the royalty bucket ({@code HARMONIA_S3_ROYALTY_BUCKET}), one prefix
 * per day ({@code date=YYYY-MM-DD/}, Hive-style), one prefix per run under it
 * ({@code date=D/run=<run-id>/}), and the day's pointer {@code date=D/_current.json}, which names
 * the current run. A run's objects are written once and never overwritten by another run; a
 * reader that follows the pointer always sees a complete run.
 */
public final class ExportLocation implements AutoCloseable {

  public static final String POINTER = "_current.json";

  private final S3Client s3;
  private final String bucket;
  private final LocalDate date;

  private ExportLocation(S3Client s3, String bucket, LocalDate date) {
    this.s3 = s3;
    this.bucket = bucket;
    this.date = date;
  }

  public static ExportLocation of(HarmoniaConfig config, LocalDate date) {
    return new ExportLocation(ObjectStoreClients.s3(config), config.royaltyBucket(), date);
  }

  public static String dayPrefix(LocalDate date) {
    return "date=" + date + "/";
  }

  public static String runPrefix(LocalDate date, String runId) {
    return dayPrefix(date) + "run=" + runId + "/";
  }

  public static String pointerKey(LocalDate date) {
    return dayPrefix(date) + POINTER;
  }

  public LocalDate date() {
    return date;
  }

  public String bucket() {
    return bucket;
  }

  /** The key of a run's object. */
  public String key(String runId, String name) {
    return runPrefix(date, runId) + name;
  }

  public void put(String key, Path file, String contentType) {
    s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType).build(),
        RequestBody.fromFile(file));
  }

  public void put(String key, byte[] bytes, String contentType) {
    s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType).build(),
        RequestBody.fromBytes(bytes));
  }

  /** The object's bytes; throws {@code NoSuchKeyException} when it is missing. */
  public byte[] get(String key) {
    return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build()).asByteArray();
  }

  /** The object's bytes, or empty when it is missing. */
  public Optional<byte[]> find(String key) {
    try {
      return Optional.of(get(key));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  /** The day's pointer, or empty when the day has no published run. */
  public Optional<ExportPointer> pointer() throws java.io.IOException {
    Optional<byte[]> bytes = find(pointerKey(date));
    return bytes.isEmpty() ? Optional.empty() : Optional.of(ExportPointer.parse(bytes.get()));
  }

  @Override
  public void close() {
    s3.close();
  }
}
