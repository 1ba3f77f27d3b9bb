package io.harmonia.clients;

import io.harmonia.config.HarmoniaConfig;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** An S3 client (AWS SDK for Java v2) for the object store. */
public final class ObjectStoreClients {

  private ObjectStoreClients() {}

  /** Path-style addressing: s3proxy (and most self-hosted stores) have no virtual-host buckets. */
  public static S3Client s3(HarmoniaConfig config) {
    HarmoniaConfig.ObjectStore store = config.objectStore();
    return S3Client.builder()
        .endpointOverride(URI.create(store.endpoint()))
        .region(Region.of(store.region()))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(store.accessKey(), store.secretKey())))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(60)))
        .build();
  }
}
