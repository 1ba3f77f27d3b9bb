package io.harmonia.system.reco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.system.ModuleProcess;
import io.harmonia.system.Platform;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ALS job ({@code io.harmonia.reco.RecoJob}) as a process, launched the way {@code bin/platform
 * job reco} launches it (infra/jobs/reco.sh): the module's classpath, Spark's JVM flags, the
 * platform's environment. It ends by itself; its report ({@code report.json}) says what it did.
 */
public final class RecoJobProcess {

  private RecoJobProcess() {}

  /** What a run left: its id, {@code status} ({@code published}, {@code gate-failed}, ...) and whole report. */
  public record Run(String runId, String status, JsonNode report) {}

  public static Run run(Platform platform, Path reportDir, Duration timeout, String... options) {
    List<String> jvm = new ArrayList<>(List.of("-Xmx1g", "-Xss16m", "-XX:+UseParallelGC"));
    jvm.addAll(platform.sparkJvmFlags());
    List<String> args = new ArrayList<>(List.of(options));
    args.addAll(List.of("--report-dir", reportDir.toString()));
    // a test's few thousand plays: two shuffle partitions (one per core) instead of the job's eight
    ModuleProcess job = ModuleProcess.start(platform, "reco-job", "reco-als-job", jvm, "io.harmonia.reco.RecoJob",
        args, Map.of("HARMONIA_SPARK_SHUFFLE_PARTITIONS", "2"));
    int exit = job.awaitExit(timeout);
    if (exit != 0) {
      throw new IllegalStateException("the reco job exited with " + exit + "; log " + job.log() + ":\n" + job.tail());
    }
    String html = job.logText().lines().filter(l -> l.startsWith("report: ")).map(l -> l.substring(8).trim())
        .findFirst().orElseThrow(() -> new IllegalStateException("the reco job named no report:\n" + job.tail()));
    try {
      JsonNode report = new ObjectMapper().readTree(Path.of(html).resolveSibling("report.json").toFile());
      return new Run(report.get("run_id").asText(), report.get("status").asText(), report);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the report next to " + html, e);
    }
  }
}
