package io.harmonia.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The play-events pipeline as a process, on the Spark runner in local mode (its default), reading
 * the given topic as the given consumer group. A new process of the same group resumes where the
 * group's committed offsets say.
 */
public final class PlayPipelineProcess {

  private PlayPipelineProcess() {}

  public static ModuleProcess start(Platform platform, String inputTopic, String deadLetterTopic, String group,
      String... extraArgs) {
    List<String> jvm = new ArrayList<>(List.of("-Xms256m", "-Xmx1g", "-XX:+UseParallelGC"));
    jvm.addAll(platform.sparkJvmFlags());
    List<String> args = new ArrayList<>(List.of("--inputTopic=" + inputTopic, "--deadLetterTopic=" + deadLetterTopic,
        "--consumerGroup=" + group));
    args.addAll(List.of(extraArgs));
    ModuleProcess process = ModuleProcess.start(platform, "play-pipeline", "pipelines", jvm,
        "io.harmonia.pipelines.plays.PlayEventsPipeline", args, Map.of());
    process.awaitLog("play-events pipeline running", Duration.ofMinutes(4));
    return process;
  }

  /**
   * The same pipeline submitted to a Spark cluster by {@code bin/platform job play-pipeline}
   * (spark-submit, client mode: this process is the driver; its micro-batches run on the workers).
   */
  public static ModuleProcess startOnCluster(Platform platform, String master, String inputTopic,
      String deadLetterTopic, String group) {
    ModuleProcess process = ModuleProcess.startJob(platform, "play-pipeline-cluster", "play-pipeline",
        List.of("--inputTopic=" + inputTopic, "--deadLetterTopic=" + deadLetterTopic, "--consumerGroup=" + group),
        Map.of("HARMONIA_SPARK_MASTER", master));
    process.awaitLog("play-events pipeline running", Duration.ofMinutes(4));
    return process;
  }
}
