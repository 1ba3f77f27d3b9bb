package io.harmonia.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.clients.ObjectStoreClients;
import io.harmonia.config.HarmoniaConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** The S3-compatible object store (s3proxy) through the AWS SDK for Java v2. */
class ObjectStoreIT {

  private final HarmoniaConfig config = HarmoniaConfig.fromEnvironment();

  @Test
  void putThenRangeGetReturnsExactlyThoseBytes() {
    byte[] content = new byte[300_000];
    new Random(42).nextBytes(content);
    String key = "it/" + UUID.randomUUID() + ".bin";
    String bucket = config.objectStore().bucket();
    try (S3Client s3 = ObjectStoreClients.s3(config)) {
      s3.putObject(p -> p.bucket(bucket).key(key).contentType("application/octet-stream"), RequestBody.fromBytes(content));

      ResponseBytes<GetObjectResponse> range =
          s3.getObjectAsBytes(g -> g.bucket(bucket).key(key).range("bytes=65536-131071"));

      assertThat(range.response().contentRange()).isEqualTo("bytes 65536-131071/300000");
      assertThat(range.asByteArray()).isEqualTo(Arrays.copyOfRange(content, 65536, 131072));
      s3.deleteObject(d -> d.bucket(bucket).key(key));
    }
  }

  @Test
  void anAnonymousReadOfAnExistingObjectIsRefused() throws Exception {
    String key = "it/" + UUID.randomUUID() + ".bin";
    String bucket = config.objectStore().bucket();
    try (S3Client s3 = ObjectStoreClients.s3(config)) {
      s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromString("private bytes"));
      try {
        String url = config.objectStore().endpoint() + "/" + bucket + "/" + key;
        HttpResponse<String> response = HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).doesNotContain("private bytes");
      } finally {
        s3.deleteObject(d -> d.bucket(bucket).key(key));
      }
    }
  }
}
