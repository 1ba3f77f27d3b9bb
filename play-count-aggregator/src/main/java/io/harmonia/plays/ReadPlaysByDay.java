package io.harmonia.plays;

import com.datastax.oss.driver.api.core.CqlSession;
import io.harmonia.clients.CassandraClients;
import io.harmonia.config.HarmoniaConfig;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Every play stored in Cassandra {@code plays_by_day} for some UTC days: one read per
 * {@code (day, bucket)} partition, spread over the workers. Each play is timestamped with its
 * {@code played_at} (event time). The table's key holds the event id, so the plays are already
 * unique per event.
 *
 * <p>A row lacking a field a play needs is skipped and counted ({@link #MALFORMED_ROWS}); the
 * play-events pipeline validates every event before it writes, so there should be none.
 */
public final class ReadPlaysByDay extends PTransform<PBegin, PCollection<Play>> {

  public static final String ROWS_READ = "plays_rows_read";
  public static final String MALFORMED_ROWS = "plays_rows_malformed";

  private final List<LocalDate> days;

  private ReadPlaysByDay(List<LocalDate> days) {
    this.days = List.copyOf(days);
  }

  /** The plays of the days from {@code first} to {@code last}, both included. */
  public static ReadPlaysByDay between(LocalDate first, LocalDate last) {
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      days.add(d);
    }
    return new ReadPlaysByDay(days);
  }

  public static ReadPlaysByDay of(LocalDate day) {
    return between(day, day);
  }

  @Override
  public PCollection<Play> expand(PBegin input) {
    List<KV<String, Integer>> partitions = new ArrayList<>();
    for (LocalDate day : days) {
      for (int bucket = 0; bucket < PlaysByDayTable.BUCKETS; bucket++) {
        partitions.add(KV.of(day.toString(), bucket));
      }
    }
    return input
        .apply("ListPartitions", Create.of(partitions).withCoder(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of())))
        // spread the partitions over the workers before reading them
        .apply("SpreadPartitions", Reshuffle.viaRandomKey())
        .apply("ReadPartition", ParDo.of(new ReadPartitionFn()))
        .setCoder(PlayCoder.of());
  }

  /** Reads one {@code (day, bucket)} partition with the Cassandra driver. */
  static final class ReadPartitionFn extends DoFn<KV<String, Integer>, Play> {
    private final Counter rowsRead = Metrics.counter(ReadPlaysByDay.class, ROWS_READ);
    private final Counter malformedRows = Metrics.counter(ReadPlaysByDay.class, MALFORMED_ROWS);
    private transient CqlSession session;
    private transient PlaysByDayTable table;

    @Setup
    public void setUp() {
      session = CassandraClients.session(HarmoniaConfig.fromEnvironment());
      table = new PlaysByDayTable(session);
    }

    @ProcessElement
    public void process(@Element KV<String, Integer> partition, OutputReceiver<Play> out) {
      PlaysByDayTable.PartitionRead read = table.read(LocalDate.parse(partition.getKey()), partition.getValue(),
          play -> out.outputWithTimestamp(play, play.eventTime()));
      rowsRead.inc(read.rows());
      malformedRows.inc(read.malformed());
    }

    @Teardown
    public void tearDown() {
      if (session != null) {
        session.close();
      }
    }
  }
}
