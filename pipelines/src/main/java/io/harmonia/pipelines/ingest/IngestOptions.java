package io.harmonia.pipelines.ingest;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** The catalog ingest's knobs (beside the runner's own: {@code --runner}, {@code --targetParallelism}, ...). */
public interface IngestOptions extends PipelineOptions {

  @Description("The catalog to ingest: a directory holding catalog.json, or the manifest file itself")
  @Validation.Required
  String getCatalog();

  void setCatalog(String value);

  @Description("Where run summaries are written; empty: $HARMONIA_STATE_DIR/ingest/runs")
  @Default.String("")
  String getRunsDir();

  void setRunsDir(String value);

  @Description("Where encoded files wait between the encode and upload steps (worker-local);"
      + " empty: <java.io.tmpdir>/harmonia-ingest")
  @Default.String("")
  String getScratchDir();

  void setScratchDir(String value);

  @Description("The ffmpeg executable (with libmp3lame)")
  @Default.String("ffmpeg")
  String getFfmpeg();

  void setFfmpeg(String value);

  @Description("Seconds one ffmpeg call may take before it is stopped and its song failed")
  @Default.Long(600)
  long getFfmpegTimeoutSeconds();

  void setFfmpegTimeoutSeconds(long value);

  @Description("Seconds between progress lines; 0 turns them off")
  @Default.Integer(5)
  int getProgressIntervalSeconds();

  void setProgressIntervalSeconds(int value);

  @Description("Encode only: read, validate, probe and encode every song, but neither read nor write the"
      + " catalog or the bucket (the encode-throughput benchmark)")
  @Default.Boolean(false)
  boolean getEncodeOnly();

  void setEncodeOnly(boolean value);
}
