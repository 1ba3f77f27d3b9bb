package io.harmonia.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarmoniaConfigTest {

  @TempDir Path stateDir;

  @Test
  void defaultsAreTheLoopbackPortsOfTheDesign() {
    HarmoniaConfig config = HarmoniaConfig.of(Map.of("HARMONIA_STATE_DIR", stateDir.toString()));

    assertThat(config.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(config.cassandra().contactPoints()).containsExactly(new HarmoniaConfig.HostPort("127.0.0.1", 9042));
    assertThat(config.cassandra().keyspace()).isEqualTo("harmonia");
    assertThat(config.elasticsearch().urls()).containsExactly(URI.create("http://127.0.0.1:9200"));
    assertThat(config.redis().port()).isEqualTo(6379);
    assertThat(config.api().port()).isEqualTo(8080);
  }

  @Test
  void thePortOffsetMovesEveryDefaultButNotAnExplicitPort() {
    HarmoniaConfig config = HarmoniaConfig.of(Map.of(
        "HARMONIA_STATE_DIR", stateDir.toString(),
        "HARMONIA_PORT_OFFSET", "1000",
        "HARMONIA_REDIS_PORT", "7777"));

    assertThat(config.kafka().bootstrapServers()).isEqualTo("127.0.0.1:10092");
    assertThat(config.cassandra().contactPointList()).isEqualTo("127.0.0.1:10042");
    assertThat(config.elasticsearch().urls()).containsExactly(URI.create("http://127.0.0.1:10200"));
    assertThat(config.api().baseUrl()).isEqualTo("http://127.0.0.1:9080");
    assertThat(config.redis().port()).isEqualTo(7777);
  }

  @Test
  void redisCanLiveOnAHostOfItsOwn() {
    HarmoniaConfig config = HarmoniaConfig.of(Map.of("HARMONIA_STATE_DIR", stateDir.toString(),
        "HARMONIA_REDIS_HOST", "cache.example", "HARMONIA_REDIS_PORT", "6380"));

    assertThat(config.redis().host()).isEqualTo("cache.example");
    assertThat(config.redis().port()).isEqualTo(6380);
    assertThat(config.kafka().bootstrapServers()).startsWith("127.0.0.1:");
  }

  @Test
  void secretsComeFromTheStateDirectoryUnlessTheEnvironmentSetsThem() throws Exception {
    Files.writeString(stateDir.resolve("secrets.env"),
        "HARMONIA_PG_PASSWORD=from-file\nHARMONIA_EDGE_SIGNING_KEY=edge-from-file\n");

    HarmoniaConfig config = HarmoniaConfig.of(Map.of(
        "HARMONIA_STATE_DIR", stateDir.toString(),
        "HARMONIA_EDGE_SIGNING_KEY", "edge-from-env"));

    assertThat(config.postgres().password()).isEqualTo("from-file");
    assertThat(config.postgres().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/harmonia");
    assertThat(config.edge().signingKey()).isEqualTo("edge-from-env");
    assertThat(config.postgres().toString()).doesNotContain("from-file");
  }

  @Test
  void aMissingSecretIsAClearError() {
    HarmoniaConfig config = HarmoniaConfig.of(Map.of("HARMONIA_STATE_DIR", stateDir.toString()));

    assertThatThrownBy(config::postgres)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("HARMONIA_PG_PASSWORD");
  }

  @Test
  void aMalformedNumberNamesTheVariable() {
    HarmoniaConfig config = HarmoniaConfig.of(Map.of(
        "HARMONIA_STATE_DIR", stateDir.toString(), "HARMONIA_API_PORT", "eighty"));

    assertThatThrownBy(config::api).hasMessageContaining("HARMONIA_API_PORT");
  }
}
