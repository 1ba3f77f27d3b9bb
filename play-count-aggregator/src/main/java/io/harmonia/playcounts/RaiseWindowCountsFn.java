package io.harmonia.playcounts;

import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.clients.PostgresClients;
import io.harmonia.config.HarmoniaConfig;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the stream's window counts, one transaction per bundle ({@link PlayCountStore#raise}). A
 * bundle that fails is retried by the runner; the write is idempotent.
 */
final class RaiseWindowCountsFn extends DoFn<WindowCount, Void> {

  private static final Logger LOG = LoggerFactory.getLogger(RaiseWindowCountsFn.class);

  private transient HikariDataSource pool;
  private transient List<WindowCount> bundle;

  @Setup
  public void setUp() {
    pool = PostgresClients.dataSource(HarmoniaConfig.fromEnvironment(), "play-count-aggregator-stream", 2);
  }

  @StartBundle
  public void startBundle() {
    bundle = new ArrayList<>();
  }

  @ProcessElement
  public void process(@Element WindowCount count) {
    bundle.add(count);
  }

  @FinishBundle
  public void finishBundle() throws SQLException {
    if (bundle.isEmpty()) {
      return;
    }
    PlayCountStore.WriteResult result = new PlayCountStore(pool).raise(bundle);
    WriteCounters.record(result);
    LOG.info("{} window counts from the stream: {}", bundle.size(), result);
    bundle = new ArrayList<>();
  }

  @Teardown
  public void tearDown() {
    if (pool != null) {
      pool.close();
    }
  }
}
