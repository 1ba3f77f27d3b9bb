package io.harmonia.playcounts;

import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.clients.PostgresClients;
import io.harmonia.config.HarmoniaConfig;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a recount: all the window counts of the range (a side input, so that an empty recount
 * still runs and clears the range) replace the stored ones in one transaction.
 */
final class ReplaceRangeFn extends DoFn<RecountRange, Void> {

  private static final Logger LOG = LoggerFactory.getLogger(ReplaceRangeFn.class);

  private final PCollectionView<Iterable<WindowCount>> counts;
  private transient HikariDataSource pool;

  ReplaceRangeFn(PCollectionView<Iterable<WindowCount>> counts) {
    this.counts = counts;
  }

  @Setup
  public void setUp() {
    pool = PostgresClients.dataSource(HarmoniaConfig.fromEnvironment(), "play-count-aggregator", 2);
  }

  @ProcessElement
  public void process(ProcessContext c) throws SQLException {
    RecountRange range = c.element();
    List<WindowCount> recount = new ArrayList<>();
    c.sideInput(counts).forEach(recount::add);
    PlayCountStore.WriteResult result = new PlayCountStore(pool).replaceRange(range.from(), range.to(), recount);
    WriteCounters.record(result);
    LOG.info("recounted [{}, {}): {} window counts; {}", range.from(), range.to(), recount.size(), result);
  }

  @Teardown
  public void tearDown() {
    if (pool != null) {
      pool.close();
    }
  }
}
