package io.harmonia.clients;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.config.HarmoniaConfig;
import java.time.Duration;

/** A pooled PostgreSQL data source (HikariCP), built the same way by every program. */
public final class PostgresClients {

  private PostgresClients() {}

  public static HikariDataSource dataSource(HarmoniaConfig config, String poolName, int maxPoolSize) {
    HarmoniaConfig.Postgres pg = config.postgres();
    HikariConfig hikari = new HikariConfig();
    hikari.setPoolName(poolName);
    hikari.setJdbcUrl(pg.jdbcUrl());
    hikari.setUsername(pg.user());
    hikari.setPassword(pg.password());
    hikari.setMaximumPoolSize(maxPoolSize);
    hikari.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
    // Fail fast at start-up when the database is unreachable, instead of at the first request.
    hikari.setInitializationFailTimeout(Duration.ofSeconds(10).toMillis());
    hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
    hikari.addDataSourceProperty("ApplicationName", poolName);
    return new HikariDataSource(hikari);
  }
}
