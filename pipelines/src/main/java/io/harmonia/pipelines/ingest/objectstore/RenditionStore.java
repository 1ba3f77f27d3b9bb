package io.harmonia.pipelines.ingest.objectstore;

import io.harmonia.clients.ObjectStoreClients;
import io.harmonia.config.HarmoniaConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Renditions in the media bucket. Objects are immutable: a key that exists is never written again
 * (the CDN caches it forever). Each object carries its SHA-256 and decoded duration as user
 * metadata, so that a run which finds an object a previous run stored can describe it in the
 * catalog without downloading it.
 */
public final class RenditionStore {

  static final String META_SHA256 = "sha256";
  static final String META_DURATION_MS = "duration-ms";
  static final String META_MASTER_VERSION = "master-version";
  /** Versioned keys never change content: caches may keep them for a year without asking. */
  static final String CACHE_CONTROL = "public, max-age=31536000, immutable";

  private static RenditionStore shared;

  private final S3Client s3;
  private final String bucket;

  public RenditionStore(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  /** One client per JVM, shared by the ingest steps running in it. */
  public static synchronized RenditionStore shared() {
    if (shared == null) {
      HarmoniaConfig config = HarmoniaConfig.fromEnvironment();
      shared = new RenditionStore(ObjectStoreClients.s3(config), config.objectStore().bucket());
    }
    return shared;
  }

  /**
   * A stored rendition as the bucket describes it.
   *
   * @param sha256 from the object's metadata; null when the object was not stored by ingest
   * @param durationMs from the object's metadata; null when unknown
   */
  public record StoredObject(String key, long sizeBytes, String sha256, Long durationMs) {
    public boolean describesItself() {
      return sha256 != null && durationMs != null;
    }
  }

  /** What was stored under the key, if anything. */
  public Optional<StoredObject> find(String key) {
    try {
      HeadObjectResponse head = s3.headObject(h -> h.bucket(bucket).key(key));
      Map<String, String> meta = head.metadata();
      Long duration = null;
      try {
        duration = meta.containsKey(META_DURATION_MS) ? Long.parseLong(meta.get(META_DURATION_MS)) : null;
      } catch (NumberFormatException e) {
        // not ours: treated as an object that does not describe itself
      }
      return Optional.of(new StoredObject(key, head.contentLength(), meta.get(META_SHA256), duration));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The result of {@link #putIfAbsent}: the object now under the key, and whether this call wrote it. */
  public record PutResult(StoredObject object, boolean uploaded) {}

  /**
   * Uploads the file under the key unless the key exists. When it exists, nothing is written and
   * the stored object is returned as it is: the catalog must describe the bytes the CDN serves.
   *
   * <p>The upload is conditional ({@code If-None-Match: *}), so a concurrent run or a retried
   * request can never replace an object either. When the upload fails but the key now holds an
   * object that describes itself, that object is the answer; it counts as this call's upload when
   * it holds our bytes. (Against s3proxy the SDK's URL-connection client often reports "Error
   * writing request body to server" for a PUT that did land; its retry then meets the condition.)
   */
  public PutResult putIfAbsent(String key, Path file, long sizeBytes, String sha256, long durationMs,
      String masterVersion) {
    Optional<StoredObject> existing = find(key);
    if (existing.isPresent()) {
      return new PutResult(existing.get(), false);
    }
    try {
      s3.putObject(p -> p.bucket(bucket).key(key)
              .ifNoneMatch("*")
              .contentType("audio/mpeg")
              .cacheControl(CACHE_CONTROL)
              .metadata(Map.of(
                  META_SHA256, sha256,
                  META_DURATION_MS, Long.toString(durationMs),
                  META_MASTER_VERSION, masterVersion)),
          RequestBody.fromFile(file));
      return new PutResult(new StoredObject(key, sizeBytes, sha256, durationMs), true);
    } catch (SdkException e) {
      Optional<StoredObject> now = find(key);
      if (now.isPresent() && now.get().describesItself()) {
        return new PutResult(now.get(), sha256.equals(now.get().sha256()) && now.get().sizeBytes() == sizeBytes);
      }
      throw e;
    }
  }
}
