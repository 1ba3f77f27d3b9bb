package io.harmonia.pipelines.plays;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.StreamingOptions;

/** The play-events pipeline's knobs ({@code --name=value}); runner options come on top. */
public interface PlayEventsOptions extends PipelineOptions, StreamingOptions {

  @Description("Kafka topic to read play events from (JSON, events/play-event, keyed by user_id)")
  @Default.String("play-events")
  String getInputTopic();

  void setInputTopic(String value);

  @Description("Kafka topic for the records the pipeline refuses (events/play-event-dlq)")
  @Default.String("play-events-dlq")
  String getDeadLetterTopic();

  void setDeadLetterTopic(String value);

  @Description("Consumer group the pipeline reads as and commits, only past stored records; a restart resumes from it."
      + " One running pipeline per group.")
  @Default.String("play-events-pipeline")
  String getConsumerGroup();

  void setConsumerGroup(String value);

  @Description("Cassandra statements in flight at once per writing thread")
  @Default.Integer(64)
  int getCassandraMaxInFlight();

  void setCassandraMaxInFlight(int value);

  @Description("Rows per unlogged batch (one partition per batch; Cassandra warns past 5 KiB a batch)")
  @Default.Integer(20)
  int getCassandraRowsPerBatch();

  void setCassandraRowsPerBatch(int value);

  @Description("Plays a writer buffers before it writes them (a bundle larger than this is written in parts)")
  @Default.Integer(5000)
  int getWriteChunkSize();

  void setWriteChunkSize(int value);
}
