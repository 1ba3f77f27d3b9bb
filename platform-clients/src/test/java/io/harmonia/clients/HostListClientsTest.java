package io.harmonia.clients;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Node;
import io.harmonia.config.HarmoniaConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every host of a list setting reaches the client it configures (nothing here connects). */
class HostListClientsTest {

  @TempDir Path stateDir;

  private HarmoniaConfig config(String name, String value) {
    return HarmoniaConfig.of(Map.of("HARMONIA_STATE_DIR", stateDir.toString(), name, value));
  }

  @Test
  void kafkaClientsGetEveryBootstrapServer() {
    HarmoniaConfig config = config("HARMONIA_KAFKA_BOOTSTRAP", "10.0.0.1:9092, 10.0.0.2:9093");

    assertThat(KafkaSettings.producer(config, "p").get("bootstrap.servers")).isEqualTo("10.0.0.1:9092,10.0.0.2:9093");
    assertThat(KafkaSettings.consumer(config, "g").get("bootstrap.servers")).isEqualTo("10.0.0.1:9092,10.0.0.2:9093");
    assertThat(KafkaSettings.admin(config).get("bootstrap.servers")).isEqualTo("10.0.0.1:9092,10.0.0.2:9093");
  }

  @Test
  void theCassandraSessionGetsEveryContactPoint() {
    HarmoniaConfig config = config("HARMONIA_CASSANDRA_CONTACT_POINTS", "10.0.0.1,10.0.0.2:9142");

    assertThat(CassandraClients.contactPoints(config.cassandra())).containsExactly(
        new InetSocketAddress("10.0.0.1", 9042), new InetSocketAddress("10.0.0.2", 9142));
  }

  @Test
  void theElasticsearchClientGetsEveryNode() throws Exception {
    HarmoniaConfig config = config("HARMONIA_ES_URL", "http://10.0.0.1:9200,http://10.0.0.2:9201");

    for (ElasticsearchClient client : new ElasticsearchClient[] {
        SearchClients.elasticsearch(config),
        SearchClients.elasticsearch(config, Duration.ofSeconds(1), Duration.ofSeconds(1))}) {
      try {
        assertThat(((Rest5ClientTransport) client._transport()).restClient().getNodes())
            .extracting(Node::getHost).extracting(Object::toString)
            .containsExactly("http://10.0.0.1:9200", "http://10.0.0.2:9201");
      } finally {
        client._transport().close();
      }
    }
  }
}
