package io.harmonia.pipelines.plays;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * Stores play events in Cassandra ({@code plays_by_user}, {@code plays_by_day}) and emits the
 * Kafka position {@code (partition, offset)} of each one, only once its rows are acknowledged:
 * what comes out of this step is what may be committed.
 */
public final class WritePlays extends PTransform<PCollection<SourcedPlay>, PCollection<KV<Integer, Long>>> {

  private final PlayPipelineSettings settings;

  public WritePlays(PlayPipelineSettings settings) {
    this.settings = settings;
  }

  @Override
  public PCollection<KV<Integer, Long>> expand(PCollection<SourcedPlay> plays) {
    return plays.apply("StoreRows", ParDo.of(new WriteFn(settings)))
        .setCoder(KvCoder.of(VarIntCoder.of(), VarLongCoder.of()));
  }

  static final class WriteFn extends DoFn<SourcedPlay, KV<Integer, Long>> {
    private final PlayPipelineSettings settings;
    private final Counter written = Metrics.counter(WritePlays.class, "plays_written");
    private final Counter retries = Metrics.counter(WritePlays.class, "cassandra_write_retries");
    private transient PlayWriter writer;
    private transient List<Buffered> buffer;

    WriteFn(PlayPipelineSettings settings) {
      this.settings = settings;
    }

    private record Buffered(SourcedPlay play, Instant timestamp, BoundedWindow window) {}

    @Setup
    public void setup() {
      writer = new PlayWriter(() -> SharedClients.cassandra(settings), settings.cassandraMaxInFlight(),
          settings.cassandraRowsPerBatch(), retries::inc);
    }

    @StartBundle
    public void startBundle() {
      buffer = new ArrayList<>();
    }

    @ProcessElement
    public void process(@Element SourcedPlay play, @Timestamp Instant timestamp, BoundedWindow window,
        OutputReceiver<KV<Integer, Long>> out) throws InterruptedException {
      buffer.add(new Buffered(play, timestamp, window));
      if (buffer.size() >= settings.writeChunkSize()) {
        // positions only matter to the commit step: the current element's timestamp does for all
        for (Buffered b : flush()) {
          out.output(KV.of(b.play().partition(), b.play().offset()));
        }
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) throws InterruptedException {
      for (Buffered b : flush()) {
        context.output(KV.of(b.play().partition(), b.play().offset()), b.timestamp(), b.window());
      }
    }

    private List<Buffered> flush() throws InterruptedException {
      List<Buffered> flushed = buffer;
      buffer = new ArrayList<>();
      writer.write(flushed.stream().map(Buffered::play).toList());
      written.inc(flushed.size());
      return flushed;
    }
  }
}
