package io.harmonia.clients;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.harmonia.config.HarmoniaConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** A Cassandra session (the Apache Cassandra Java driver 4.x). */
public final class CassandraClients {

  private CassandraClients() {}

  /** A session bound to the platform's keyspace. */
  public static CqlSession session(HarmoniaConfig config) {
    return builder(config).withKeyspace(config.cassandra().keyspace()).build();
  }

  /** A session bound to no keyspace (to create it). */
  public static CqlSession unboundSession(HarmoniaConfig config) {
    return builder(config).build();
  }

  private static CqlSessionBuilder builder(HarmoniaConfig config) {
    HarmoniaConfig.Cassandra c = config.cassandra();
    return CqlSession.builder()
        .addContactPoints(contactPoints(c))
        .withLocalDatacenter(c.localDatacenter())
        .withConfigLoader(DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
            .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
            .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(30))
            .withDuration(DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
            .build());
  }

  /** Every contact point (the driver tries them in turn and then learns the ring from the first that answers). */
  static List<InetSocketAddress> contactPoints(HarmoniaConfig.Cassandra cassandra) {
    return cassandra.contactPoints().stream().map(p -> new InetSocketAddress(p.host(), p.port())).toList();
  }
}
