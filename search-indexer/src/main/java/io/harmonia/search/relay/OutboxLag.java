package io.harmonia.search.relay;

import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.clients.PostgresClients;
import io.harmonia.config.HarmoniaConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * {@code bin/platform job outbox-lag [max-age-seconds]}: how far the relay is behind — the number of
 * unpublished outbox rows and the age of the oldest. Exits 1 when the oldest is older than the
 * threshold (default 300 s), so a scheduler (Airflow) can alert on the exit code.
 */
public final class OutboxLag {

  private static final String LAG = """
      SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)
        FROM outbox
       WHERE published_at IS NULL""";

  private OutboxLag() {}

  public record Lag(long unpublished, Duration oldestAge) {}

  public static Lag measure(DataSource db) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(LAG);
        ResultSet rs = st.executeQuery()) {
      rs.next();
      return new Lag(rs.getLong(1), Duration.ofMillis(Math.round(rs.getDouble(2) * 1000)));
    }
  }

  public static void main(String[] args) throws SQLException {
    long maxAgeSeconds = args.length > 0 ? Long.parseLong(args[0]) : 300;
    Lag lag;
    try (HikariDataSource db = PostgresClients.dataSource(HarmoniaConfig.fromEnvironment(), "outbox-lag", 1)) {
      lag = measure(db);
    }
    boolean late = lag.oldestAge().toSeconds() > maxAgeSeconds;
    System.out.printf("unpublished_rows=%d oldest_age_seconds=%.1f threshold_seconds=%d status=%s%n",
        lag.unpublished(), lag.oldestAge().toMillis() / 1000.0, maxAgeSeconds, late ? "LATE" : "OK");
    System.exit(late ? 1 : 0);
  }
}
