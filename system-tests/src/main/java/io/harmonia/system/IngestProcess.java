package io.harmonia.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The catalog ingest pipeline as a process, launched the way {@code bin/platform ingest <catalog>} launches
 * it (infra/jobs/ingest.sh): {@code io.harmonia.pipelines.ingest.CatalogIngest} from the pipelines module's
 * build, on its default runner, with the job's JVM flags.
 */
public final class IngestProcess {

  /** infra/jobs/ingest.sh's flags: the JVM only orchestrates ffmpeg processes. */
  private static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx2g");

  private IngestProcess() {}

  /** A finished run: the process's exit status and the run summary it wrote (pipelines/README.md). */
  public record Run(int exitStatus, JsonNode summary, String log) {

    public long songs(String outcome) {
      return summary.at("/songs/" + outcome).asLong();
    }

    public long renditions(String what) {
      return summary.at("/renditions/" + what).asLong();
    }
  }

  /** Ingests the catalog (a directory holding catalog.json) and waits for the run to end; its summary goes to runsDir. */
  public static Run run(Platform platform, Path catalog, Path runsDir, Duration timeout) {
    List<String> args = List.of(catalog.toAbsolutePath().toString(), "--runsDir=" + runsDir.toAbsolutePath(),
        "--progressIntervalSeconds=0");
    try (ModuleProcess ingest = ModuleProcess.start(platform, "ingest", "pipelines", JVM_FLAGS,
        "io.harmonia.pipelines.ingest.CatalogIngest", args, Map.of())) {
      int status = ingest.awaitExit(timeout);
      return new Run(status, newestSummary(runsDir, ingest), ingest.logText());
    }
  }

  /** Run ids start with the run's UTC time, so the last name is the latest run. */
  private static JsonNode newestSummary(Path runsDir, ModuleProcess ingest) {
    try (Stream<Path> files = Files.list(runsDir)) {
      Path latest = files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().reduce((a, b) -> b)
          .orElseThrow(() -> new IllegalStateException("ingest wrote no run summary in " + runsDir + ":\n" + ingest.tail()));
      return new ObjectMapper().readTree(latest.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("no run summary in " + runsDir + ":\n" + ingest.tail(), e);
    }
  }
}
