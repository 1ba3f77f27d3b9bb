package io.harmonia.pipelines.plays;

import io.harmonia.clients.KafkaSettings;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.pipelines.PipelineCommandLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The play-events pipeline, a long-running streaming job:
 * Kafka {@code play-events} → parse and validate → Cassandra {@code plays_by_user} and
 * {@code plays_by_day} (refused records → {@code play-events-dlq}) → commit the consumer group's
 * offsets past what is stored.
 *
 * <p>Exactly-once in effect: the event id is in every Cassandra key, so records read twice (after
 * a restart, or a client's retry) overwrite their own rows; and offsets are committed only past
 * stored records, so a restart reads again whatever was not stored.
 *
 * <p>{@code --runner=SparkRunner} (the default; Spark local mode, a fresh checkpoint directory per
 * run since the resume point is the group's committed offsets) or {@code --runner=DirectRunner}.
 */
public final class PlayEventsPipeline {

  private static final Logger log = LoggerFactory.getLogger(PlayEventsPipeline.class);

  private PlayEventsPipeline() {}

  public static void main(String[] args) throws Exception {
    if (PipelineCommandLine.helpAsked(args, "PlayEventsPipeline [--name=value pipeline options] (the play-pipeline "
        + "service: bin/platform up play-pipeline); runs until stopped", PlayEventsOptions.class, System.out)) {
      System.exit(0);
    }
    String refusal = PipelineCommandLine.refusal(args, PlayEventsOptions.class);
    if (refusal != null) {
      System.err.println("play-events pipeline: " + refusal + " (--help lists the options)");
      System.exit(PipelineCommandLine.USAGE);
    }
    PlayEventsOptions options = options(args);
    PlayPipelineSettings settings = PlayPipelineSettings.of(System.getenv(), options);
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, settings);

    PipelineResult result = pipeline.run();
    ExecutorLossWatch.start(Duration.ofMinutes(5));
    log.info("play-events pipeline running on {}: {} -> Cassandra (refused -> {}), consumer group {}",
        options.getRunner().getSimpleName(), settings.inputTopic(), settings.deadLetterTopic(), settings.consumerGroup());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> cancel(result), "play-pipeline-shutdown"));
    // a stopped Spark streaming job leaves non-daemon threads behind: end the JVM explicitly, so that a
    // failed job shows as a dead service rather than a live process doing nothing
    try {
      PipelineResult.State state = result.waitUntilFinish();
      log.info("play-events pipeline ended: {}", state);
      System.exit(state == PipelineResult.State.DONE || state == PipelineResult.State.CANCELLED ? 0 : 1);
    } catch (RuntimeException e) {
      log.error("play-events pipeline failed; its offsets stay at the last stored records", e);
      System.exit(1);
    }
  }

  /** The pipeline, top-down as the data flows. */
  static void build(Pipeline pipeline, PlayPipelineSettings settings) {
    PCollectionTuple parsed = pipeline
        .apply("ReadPlayEvents", readPlayEvents(settings))
        .apply("ParsePlayEvents", new ParsePlayEvents());

    PCollection<KV<Integer, Long>> storedPlays = parsed.get(ParsePlayEvents.PLAYS)
        .apply("WritePlaysToCassandra", new WritePlays(settings));
    PCollection<KV<Integer, Long>> storedDeadLetters = parsed.get(ParsePlayEvents.DEAD_LETTERS)
        .apply("WriteDeadLetters", new WriteDeadLetters(settings));

    PCollectionList.of(storedPlays).and(storedDeadLetters)
        .apply("StoredPositions", Flatten.pCollections())
        .apply("CommitOffsets", new CommitOffsets(settings));
  }

  /**
   * KafkaIO as a consumer of the group without auto-commit and without
   * {@code commitOffsetsInFinalize()}: the group's offsets are committed by {@link CommitOffsets}.
   * With no checkpoint to resume from, the reader starts at the group's committed offsets
   * (the earliest records for a new group).
   */
  static PTransform<PBegin, PCollection<KafkaRecord<String, byte[]>>> readPlayEvents(PlayPipelineSettings settings) {
    Map<String, Object> consumer = new HashMap<>(KafkaSettings.consumer(settings.config(), settings.consumerGroup()));
    consumer.remove("key.deserializer"); // KafkaIO sets them itself and refuses them here
    consumer.remove("value.deserializer");
    consumer.remove("bootstrap.servers");
    return KafkaIO.<String, byte[]>read()
        .withBootstrapServers(settings.bootstrapServers())
        .withTopic(settings.inputTopic())
        .withKeyDeserializer(StringDeserializer.class)
        .withValueDeserializer(ByteArrayDeserializer.class)
        .withConsumerConfigUpdates(consumer);
  }

  static PlayEventsOptions options(String[] args) throws IOException {
    boolean runnerGiven = Arrays.stream(args).anyMatch(a -> a.startsWith("--runner="));
    String[] all = runnerGiven ? args : Stream.concat(Arrays.stream(args), Stream.of("--runner=SparkRunner")).toArray(String[]::new);
    PlayEventsOptions options = PipelineOptionsFactory.fromArgs(all).withValidation().as(PlayEventsOptions.class);
    options.setStreaming(true);
    options.setJobName("play-events-" + options.getConsumerGroup());
    // the driver reconnects after an outage within seconds rather than its default minute
    System.setProperty("datastax-java-driver.advanced.reconnection-policy.max-delay",
        System.getProperty("datastax-java-driver.advanced.reconnection-policy.max-delay", "5 seconds"));
    if (options.getRunner().getSimpleName().equals("SparkRunner")) {
      configureSpark(options.as(SparkPipelineOptions.class), args);
    } else if (options.getRunner().getSimpleName().equals("DirectRunner")) {
      options.as(DirectOptions.class).setBlockOnRun(false); // run() would never return on unbounded input
    }
    return options;
  }

  private static void configureSpark(SparkPipelineOptions spark, String[] args) throws IOException {
    if (Arrays.stream(args).noneMatch(a -> a.startsWith("--sparkMaster="))) {
      spark.setSparkMaster("local[" + Math.max(2, Runtime.getRuntime().availableProcessors()) + "]");
    }
    if (Arrays.stream(args).noneMatch(a -> a.startsWith("--batchIntervalMillis="))) {
      spark.setBatchIntervalMillis(1000L);
    }
    if (Arrays.stream(args).noneMatch(a -> a.startsWith("--checkpointDir="))) {
      spark.setCheckpointDir(freshCheckpointDir(spark.as(PlayEventsOptions.class).getConsumerGroup()).toString());
    }
    spark.setEnableSparkMetricSinks(false);
    // several Spark programs share this machine: no UI port to fight over
    System.setProperty("spark.ui.enabled", System.getProperty("spark.ui.enabled", "false"));
  }

  /**
   * A new checkpoint directory for this run (older runs' are removed): the resume point is the
   * consumer group's committed offsets, not Spark's checkpoint, which could replay a micro-batch's
   * read without its writes.
   */
  static Path freshCheckpointDir(String group) throws IOException {
    Path root = HarmoniaConfig.fromEnvironment().stateDir().resolve("play-pipeline").resolve("checkpoints")
        .resolve(group.replaceAll("[^A-Za-z0-9_.-]", "_"));
    if (Files.isDirectory(root)) {
      try (Stream<Path> old = Files.walk(root)) {
        old.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(root)).forEach(p -> p.toFile().delete());
      }
    }
    String run = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
        + "-" + UUID.randomUUID().toString().substring(0, 8);
    return Files.createDirectories(root.resolve(run));
  }

  private static void cancel(PipelineResult result) {
    try {
      log.info("stopping the play-events pipeline");
      result.cancel();
    } catch (IOException | RuntimeException e) {
      log.warn("cancelling the pipeline failed: {}", e.toString());
    }
  }
}
