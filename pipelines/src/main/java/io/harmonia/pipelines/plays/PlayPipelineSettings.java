package io.harmonia.pipelines.plays;

import io.harmonia.config.HarmoniaConfig;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the pipeline's steps need on the workers, serialized with them: the platform's variables
 * (so a worker builds its clients exactly as {@code main} would, with {@code HarmoniaConfig}) and
 * the pipeline's own choices.
 */
public record PlayPipelineSettings(
    Map<String, String> environment,
    String inputTopic,
    String deadLetterTopic,
    String consumerGroup,
    int cassandraMaxInFlight,
    int cassandraRowsPerBatch,
    int writeChunkSize) implements Serializable {

  static PlayPipelineSettings of(Map<String, String> environment, PlayEventsOptions options) {
    Map<String, String> harmonia = new TreeMap<>();
    environment.forEach((name, value) -> {
      if (name.startsWith("HARMONIA_")) {
        harmonia.put(name, value);
      }
    });
    return new PlayPipelineSettings(new HashMap<>(harmonia), options.getInputTopic(), options.getDeadLetterTopic(),
        options.getConsumerGroup(), options.getCassandraMaxInFlight(), options.getCassandraRowsPerBatch(),
        options.getWriteChunkSize());
  }

  HarmoniaConfig config() {
    return HarmoniaConfig.of(environment);
  }

  String bootstrapServers() {
    return config().kafka().bootstrapServers();
  }

  /** Identifies the clients these settings build, for sharing them within a JVM. */
  String clientKey() {
    HarmoniaConfig c = config();
    return c.cassandra() + "|" + c.kafka().bootstrapServers();
  }
}
