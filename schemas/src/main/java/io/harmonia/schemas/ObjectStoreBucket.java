package io.harmonia.schemas;

import io.harmonia.clients.ObjectStoreClients;
import io.harmonia.config.HarmoniaConfig;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/** The object store: the private media bucket (renditions) and the royalty exports' bucket. */
final class ObjectStoreBucket {

  private ObjectStoreBucket() {}

  static String apply(HarmoniaConfig config) {
    try (S3Client s3 = ObjectStoreClients.s3(config)) {
      return ensure(s3, config.objectStore().bucket()) + ", " + ensure(s3, config.royaltyBucket());
    }
  }

  private static String ensure(S3Client s3, String bucket) {
    try {
      s3.headBucket(b -> b.bucket(bucket));
      return "bucket " + bucket;
    } catch (NoSuchBucketException e) {
      try {
        s3.createBucket(b -> b.bucket(bucket));
      } catch (BucketAlreadyOwnedByYouException raced) {
        // created by a concurrent run
      }
      return "bucket " + bucket + " (created)";
    }
  }
}
