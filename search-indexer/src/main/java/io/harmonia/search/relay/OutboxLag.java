package io.harmonia.search.relay;

import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.clients.PostgresClients;
import io.harmonia.config.HarmoniaConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/platform job outbox-lag [max-age-seconds]}: how far the relay is behind — the number of
 * unpublished outbox rows and the age of the oldest. Exits 1 when the oldest is older than the
 * threshold (default 300 s), so a scheduler (Airflow) can alert on the exit code.
 */
@Command(name = "bin/platform job outbox-lag", usageHelpAutoWidth = true,
    description = {"How far the search outbox relay is behind: the unpublished outbox rows and the age of the oldest.",
        "Exit status: 0 within the threshold, 1 the oldest is older (or the database is unreachable), 2 bad arguments."})
public final class OutboxLag implements Callable<Integer> {

  private static final String LAG = """
      SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)
        FROM outbox
       WHERE published_at IS NULL""";

  @Parameters(arity = "0..1", paramLabel = "max-age-seconds",
      description = "the oldest unpublished row may be this old (default: ${DEFAULT-VALUE})")
  long maxAgeSeconds = 300;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this usage and exit")
  boolean help;

  public record Lag(long unpublished, Duration oldestAge) {}

  public static Lag measure(DataSource db) throws SQLException {
    try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(LAG);
        ResultSet rs = st.executeQuery()) {
      rs.next();
      return new Lag(rs.getLong(1), Duration.ofMillis(Math.round(rs.getDouble(2) * 1000)));
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new OutboxLag()).execute(args));
  }

  @Override
  public Integer call() throws SQLException {
    Lag lag;
    try (HikariDataSource db = PostgresClients.dataSource(HarmoniaConfig.fromEnvironment(), "outbox-lag", 1)) {
      lag = measure(db);
    }
    boolean late = lag.oldestAge().toSeconds() > maxAgeSeconds;
    System.out.printf("unpublished_rows=%d oldest_age_seconds=%.1f threshold_seconds=%d status=%s%n",
        lag.unpublished(), lag.oldestAge().toMillis() / 1000.0, maxAgeSeconds, late ? "LATE" : "OK");
    return late ? 1 : 0;
  }
}
