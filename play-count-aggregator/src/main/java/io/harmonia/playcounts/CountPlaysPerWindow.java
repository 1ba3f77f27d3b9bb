package io.harmonia.playcounts;

import io.harmonia.plays.Play;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SetCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Plays (timestamped with {@code played_at}) → the number of distinct qualified plays per song and
 * window. The same transform serves the recount from Cassandra and the Kafka stream; only the
 * windowing (triggers, lateness) differs.
 *
 * <p>Counting distinct event ids, rather than elements, makes a duplicated event (a client retry,
 * a replayed Kafka offset) count once. Cassandra's rows are already unique per event id; the Kafka
 * stream is not.
 */
public final class CountPlaysPerWindow extends PTransform<PCollection<Play>, PCollection<WindowCount>> {

  public static final String QUALIFIED = "plays_qualified";
  public static final String NOT_QUALIFIED = "plays_not_qualified";

  private final Window<Play> windowing;

  public CountPlaysPerWindow(Window<Play> windowing) {
    this.windowing = windowing;
  }

  @Override
  public PCollection<WindowCount> expand(PCollection<Play> plays) {
    return plays
        .apply("KeepQualifiedPlays", ParDo.of(new KeepQualifiedFn()))
        .apply("WindowByPlayedAt", windowing)
        .apply("KeyBySong", MapElements
            .into(TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
            .via((Play play) -> KV.of(play.songId(), play.eventId())))
        .apply("CountDistinctEvents", Combine.perKey(new CountDistinct()))
        .apply("ToWindowCounts", ParDo.of(new ToWindowCountFn()))
        .setCoder(WindowCount.Coder.of());
  }

  /** Qualified plays pass; the others are counted and dropped. */
  static final class KeepQualifiedFn extends DoFn<Play, Play> {
    private final Counter qualified = Metrics.counter(CountPlaysPerWindow.class, QUALIFIED);
    private final Counter notQualified = Metrics.counter(CountPlaysPerWindow.class, NOT_QUALIFIED);

    @ProcessElement
    public void process(@Element Play play, OutputReceiver<Play> out) {
      if (play.isQualified()) {
        qualified.inc();
        out.output(play);
      } else {
        notQualified.inc();
      }
    }
  }

  /** The number of distinct values: the accumulator holds the event ids seen in the window. */
  static final class CountDistinct extends Combine.CombineFn<String, Set<String>, Long> {
    @Override
    public Set<String> createAccumulator() {
      return new HashSet<>();
    }

    @Override
    public Set<String> addInput(Set<String> seen, String eventId) {
      seen.add(eventId);
      return seen;
    }

    @Override
    public Set<String> mergeAccumulators(Iterable<Set<String>> accumulators) {
      Set<String> merged = new HashSet<>();
      for (Set<String> seen : accumulators) {
        merged.addAll(seen);
      }
      return merged;
    }

    @Override
    public Long extractOutput(Set<String> seen) {
      return (long) seen.size();
    }

    @Override
    public Coder<Set<String>> getAccumulatorCoder(CoderRegistry registry, Coder<String> inputCoder) {
      return SetCoder.of(StringUtf8Coder.of());
    }
  }

  /** Attaches the window's bounds to each song's count. */
  static final class ToWindowCountFn extends DoFn<KV<String, Long>, WindowCount> {
    @ProcessElement
    public void process(@Element KV<String, Long> count, BoundedWindow window, OutputReceiver<WindowCount> out) {
      IntervalWindow interval = (IntervalWindow) window;
      out.output(new WindowCount(count.getKey(), Instant.ofEpochMilli(interval.start().getMillis()),
          Instant.ofEpochMilli(interval.end().getMillis()), count.getValue()));
    }
  }
}
