package io.harmonia.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harmonia.config.HarmoniaConfig.HostPort;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The list settings of the clustered stores: Kafka bootstrap servers, Cassandra contact points, Elasticsearch URLs. */
class HostListsTest {

  @TempDir Path stateDir;

  private HarmoniaConfig config(String... namesAndValues) {
    Map<String, String> env = new HashMap<>();
    env.put("HARMONIA_STATE_DIR", stateDir.toString());
    for (int i = 0; i < namesAndValues.length; i += 2) {
      env.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return HarmoniaConfig.of(env);
  }

  @Test
  void kafkaTakesEveryBootstrapServerWhole() {
    HarmoniaConfig config = config("HARMONIA_KAFKA_BOOTSTRAP", " k1.example:9092, k2.example:9093 ,10.0.0.3:19092");

    assertThat(config.kafka().servers()).containsExactly(
        new HostPort("k1.example", 9092), new HostPort("k2.example", 9093), new HostPort("10.0.0.3", 19092));
    assertThat(config.kafka().bootstrapServers()).isEqualTo("k1.example:9092,k2.example:9093,10.0.0.3:19092");
  }

  @Test
  void kafkaDefaultsToTheHostAndPortSettings() {
    HarmoniaConfig config = config("HARMONIA_HOST", "10.1.2.3", "HARMONIA_KAFKA_PORT", "29092");

    assertThat(config.kafka().bootstrapServers()).isEqualTo("10.1.2.3:29092");
  }

  @Test
  void aKafkaServerWithoutItsPortIsRefused() {
    assertThatThrownBy(() -> config("HARMONIA_KAFKA_BOOTSTRAP", "k1:9092,k2").kafka())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HARMONIA_KAFKA_BOOTSTRAP")
        .hasMessageContaining("'k2'");
  }

  @Test
  void cassandraContactPointsTakeTheDefaultPortWhenAnEntryHasNone() {
    HarmoniaConfig config = config(
        "HARMONIA_CASSANDRA_CONTACT_POINTS", "c1.example, c2.example:9142,  [::1]:9242 ,c4",
        "HARMONIA_CASSANDRA_PORT", "19042");

    assertThat(config.cassandra().contactPoints()).containsExactly(
        new HostPort("c1.example", 19042), new HostPort("c2.example", 9142), new HostPort("::1", 9242),
        new HostPort("c4", 19042));
    assertThat(config.cassandra().contactPointList()).isEqualTo("c1.example:19042,c2.example:9142,[::1]:9242,c4:19042");
  }

  @Test
  void cassandraContactPointsDefaultToTheHostAndPortSettings() {
    HarmoniaConfig config = config("HARMONIA_HOST", "10.1.2.3", "HARMONIA_PORT_OFFSET", "2000");

    assertThat(config.cassandra().contactPoints()).containsExactly(new HostPort("10.1.2.3", 11042));
  }

  @Test
  void elasticsearchTakesEveryUrl() {
    HarmoniaConfig config = config("HARMONIA_ES_URL", "http://es1:9200 ,HTTPS://es2.example:9243/, http://10.0.0.9:9201");

    assertThat(config.elasticsearch().urls()).containsExactly(
        URI.create("http://es1:9200"), URI.create("https://es2.example:9243"), URI.create("http://10.0.0.9:9201"));
  }

  @Test
  void elasticsearchDefaultsToTheHostAndPortSettings() {
    HarmoniaConfig config = config("HARMONIA_HOST", "10.1.2.3", "HARMONIA_ES_PORT", "19200");

    assertThat(config.elasticsearch().urls()).containsExactly(URI.create("http://10.1.2.3:19200"));
  }

  @Test
  void anElasticsearchPathPrefixIsKeptWhenEveryUrlHasIt() {
    assertThat(config("HARMONIA_ES_URL", "http://p1:80/es/,http://p2:80/es").elasticsearch().urls())
        .containsExactly(URI.create("http://p1:80/es"), URI.create("http://p2:80/es"));
    assertThatThrownBy(() -> config("HARMONIA_ES_URL", "http://p1:80/es,http://p2:80").elasticsearch())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HARMONIA_ES_URL")
        .hasMessageContaining("path prefix");
  }

  @Test
  void emptyEntriesAreRefusedInEveryList() {
    assertRefused("HARMONIA_KAFKA_BOOTSTRAP", "k1:9092,,k2:9092", c -> c.kafka());
    assertRefused("HARMONIA_KAFKA_BOOTSTRAP", "k1:9092,", c -> c.kafka());
    assertRefused("HARMONIA_CASSANDRA_CONTACT_POINTS", ",c1", c -> c.cassandra());
    assertRefused("HARMONIA_CASSANDRA_CONTACT_POINTS", "c1, ,c2", c -> c.cassandra());
    assertRefused("HARMONIA_ES_URL", "http://es1:9200,,http://es2:9200", c -> c.elasticsearch());
  }

  @Test
  void malformedEntriesAreRefusedWithTheVariableNamed() {
    assertRefused("HARMONIA_KAFKA_BOOTSTRAP", "k1:notaport", c -> c.kafka());
    assertRefused("HARMONIA_KAFKA_BOOTSTRAP", "k1:0", c -> c.kafka());
    assertRefused("HARMONIA_KAFKA_BOOTSTRAP", "k1:65536", c -> c.kafka());
    assertRefused("HARMONIA_KAFKA_BOOTSTRAP", "PLAINTEXT://k1:9092", c -> c.kafka());
    assertRefused("HARMONIA_KAFKA_BOOTSTRAP", "k1 k2:9092", c -> c.kafka());
    assertRefused("HARMONIA_CASSANDRA_CONTACT_POINTS", "c1:", c -> c.cassandra());
    assertRefused("HARMONIA_CASSANDRA_CONTACT_POINTS", "::1", c -> c.cassandra());
    assertRefused("HARMONIA_CASSANDRA_CONTACT_POINTS", "[::1", c -> c.cassandra());
    assertRefused("HARMONIA_ES_URL", "es1:9200", c -> c.elasticsearch());
    assertRefused("HARMONIA_ES_URL", "ftp://es1:9200", c -> c.elasticsearch());
    assertRefused("HARMONIA_ES_URL", "http://es1", c -> c.elasticsearch());
    assertRefused("HARMONIA_ES_URL", "http://es1:9200?x=1", c -> c.elasticsearch());
    assertRefused("HARMONIA_ES_URL", "http://es 1:9200", c -> c.elasticsearch());
  }

  @Test
  void aBlankListMeansTheDefault() {
    HarmoniaConfig config = config("HARMONIA_KAFKA_BOOTSTRAP", "  ", "HARMONIA_ES_URL", "");

    assertThat(config.kafka().bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(config.elasticsearch().urls()).containsExactly(URI.create("http://127.0.0.1:9200"));
  }

  private void assertRefused(String name, String value, java.util.function.Consumer<HarmoniaConfig> read) {
    assertThatThrownBy(() -> read.accept(config(name, value)))
        .as("%s=%s", name, value)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(name);
  }
}
