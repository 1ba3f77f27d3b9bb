package io.harmonia.api.plays;

import io.harmonia.clients.CassandraClients;
import io.harmonia.config.HarmoniaConfig;

/**
 * What the play routes need beyond the catalog: the Kafka producer for the intake and the
 * Cassandra session for the history. {@code main} (or a test) opens them and closes them.
 */
public record PlayStores(PlaySettings settings, PlayEventPublisher publisher, CassandraConnection cassandra)
    implements AutoCloseable {

  public static PlayStores open(HarmoniaConfig config) {
    return open(config, PlaySettings.from(config));
  }

  public static PlayStores open(HarmoniaConfig config, PlaySettings settings) {
    return new PlayStores(settings, new PlayEventPublisher(config, settings),
        new CassandraConnection(() -> CassandraClients.session(config)));
  }

  @Override
  public void close() {
    publisher.close();
    cassandra.close();
  }
}
