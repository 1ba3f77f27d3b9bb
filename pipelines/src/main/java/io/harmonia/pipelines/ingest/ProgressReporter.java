package io.harmonia.pipelines.ingest;

import io.harmonia.pipelines.ingest.objectstore.RenditionKeys;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * Waits for a running pipeline, printing a {@link Progress} line every few seconds from the
 * counters the runner reports on the {@link PipelineResult} (DirectRunner: as bundles commit;
 * Spark: as tasks finish).
 */
final class ProgressReporter {

  private ProgressReporter() {}

  /** Blocks until the pipeline is done; returns its final counters. Pipeline failures propagate. */
  static Map<String, Long> untilDone(PipelineResult result, int totalSongs, int intervalSeconds) {
    long started = System.nanoTime();
    if (intervalSeconds > 0) {
      org.joda.time.Duration interval = org.joda.time.Duration.standardSeconds(intervalSeconds);
      PipelineResult.State state;
      while ((state = result.waitUntilFinish(interval)) == null || !state.isTerminal()) {
        Progress progress = progress(counters(result), totalSongs, Duration.ofNanos(System.nanoTime() - started));
        System.out.println("    ingest: " + progress.line());
      }
    }
    PipelineResult.State state = result.waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("the pipeline ended in state " + state);
    }
    return counters(result);
  }

  static Progress progress(Map<String, Long> counters, int totalSongs, Duration elapsed) {
    return new Progress(totalSongs, counters.getOrDefault(IngestMetrics.SLOTS_SETTLED, 0L),
        RenditionKeys.BITRATES.size(), counters.getOrDefault(IngestMetrics.SONGS_WRITTEN, 0L),
        counters.getOrDefault(IngestMetrics.SONGS_UNCHANGED, 0L), counters.getOrDefault(IngestMetrics.SONGS_FAILED, 0L),
        elapsed);
  }

  /** The ingest counters summed over steps (attempted values: every runner reports those). */
  static Map<String, Long> counters(PipelineResult result) {
    MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.inNamespace(IngestMetrics.NAMESPACE)).build());
    Map<String, Long> sums = new HashMap<>();
    for (MetricResult<Long> counter : metrics.getCounters()) {
      Long value = counter.getAttempted();
      if (value != null) {
        sums.merge(counter.getName().getName(), value, Long::sum);
      }
    }
    return sums;
  }
}
