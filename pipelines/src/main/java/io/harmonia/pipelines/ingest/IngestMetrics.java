package io.harmonia.pipelines.ingest;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * The ingest's Beam counters (namespace {@value #NAMESPACE}). The progress reporter and the run
 * summary read them from the {@code PipelineResult}; the runner's UI shows them per step.
 *
 * <p>Progress counts <em>rendition slots</em>: every song has one per bitrate. A slot is settled
 * when its rendition is encoded (or found already stored), or when the song needs no encode at all
 * (unchanged, failed before encoding): encoding is where the time goes, so slots settled / (3 ×
 * songs) is the honest fraction of the work done, and it moves on every runner. Rows are written
 * per song once its three renditions are in, after the encode steps.
 */
public final class IngestMetrics {

  public static final String NAMESPACE = "ingest";

  public static final String SLOTS_SETTLED = "rendition_slots_settled";
  public static final String SONGS_WRITTEN = "songs_written";
  public static final String SONGS_FAILED = "songs_failed";
  public static final String SONGS_UNCHANGED = "songs_unchanged";
  public static final String RENDITIONS_ENCODED = "renditions_encoded";
  public static final String RENDITIONS_UPLOADED = "renditions_uploaded";
  public static final String RENDITIONS_FOUND_STORED = "renditions_found_stored";
  public static final String ENCODE_MILLIS = "encode_millis";
  public static final String AUDIO_MILLIS_ENCODED = "audio_millis_encoded";
  public static final String PROBE_MILLIS = "probe_millis";
  public static final String UPLOAD_MILLIS = "upload_millis";
  public static final String BYTES_UPLOADED = "bytes_uploaded";
  public static final String WRITE_MILLIS = "write_millis";

  private IngestMetrics() {}

  public static Counter counter(String name) {
    return Metrics.counter(NAMESPACE, name);
  }
}
