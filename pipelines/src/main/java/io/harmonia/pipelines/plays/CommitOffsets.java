package io.harmonia.pipelines.plays;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * The last step: positions {@code (partition, offset)} of stored records → the consumer group's
 * committed offsets ({@link OffsetCommitter}), once per bundle.
 */
public final class CommitOffsets extends PTransform<PCollection<KV<Integer, Long>>, PDone> {

  private final PlayPipelineSettings settings;

  public CommitOffsets(PlayPipelineSettings settings) {
    this.settings = settings;
  }

  @Override
  public PDone expand(PCollection<KV<Integer, Long>> stored) {
    stored.apply("CommitStoredOffsets", ParDo.of(new CommitFn(settings)));
    return PDone.in(stored.getPipeline());
  }

  static final class CommitFn extends DoFn<KV<Integer, Long>, Void> {
    private final PlayPipelineSettings settings;
    private transient Map<Integer, LongList> bundle;

    CommitFn(PlayPipelineSettings settings) {
      this.settings = settings;
    }

    @StartBundle
    public void startBundle() {
      bundle = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element KV<Integer, Long> position) {
      bundle.computeIfAbsent(position.getKey(), p -> new LongList()).add(position.getValue());
    }

    @FinishBundle
    public void finishBundle() {
      Map<Integer, long[]> offsets = new HashMap<>();
      bundle.forEach((partition, list) -> offsets.put(partition, list.toArray()));
      OffsetCommitter.of(settings).stored(offsets);
      bundle = null;
    }
  }

  /** A growable array of longs (a micro-batch can report tens of thousands of offsets). */
  private static final class LongList {
    private long[] values = new long[64];
    private int size;

    void add(long value) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    long[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }
}
