package io.harmonia.schemas;

import io.harmonia.config.HarmoniaConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** PostgreSQL: the versioned migrations under {@code db/migration}, applied by Flyway. */
final class PostgresSchema {

  private PostgresSchema() {}

  static String apply(HarmoniaConfig config) {
    HarmoniaConfig.Postgres pg = config.postgres();
    Flyway flyway = Flyway.configure()
        .dataSource(pg.jdbcUrl(), pg.user(), pg.password())
        .locations("classpath:db/migration")
        // Two platforms starting at once must not both migrate: Flyway locks its history table.
        .lockRetryCount(60)
        .load();
    MigrateResult result = flyway.migrate();
    String version = flyway.info().current() == null ? "none" : flyway.info().current().getVersion().getVersion();
    return result.migrationsExecuted + " migration(s) applied, schema at version " + version;
  }
}
