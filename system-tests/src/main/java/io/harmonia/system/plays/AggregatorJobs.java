package io.harmonia.system.plays;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.system.ModuleProcess;
import io.harmonia.system.Platform;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The play-count aggregator's batch jobs as processes, launched the way {@code bin/platform job
 * play-counts} and {@code bin/platform job royalty-export} launch them (Beam on Spark in local mode),
 * each run to its end. A job prints one JSON document on stdout; its log goes to stderr.
 */
public final class AggregatorJobs {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODULE = "play-count-aggregator";
  private static final Duration TIMEOUT = Duration.ofMinutes(6);
  private static final int OK = 0;
  private static final int MISMATCH = 3;

  private AggregatorJobs() {}

  /** {@code job play-counts --from F --to T}: the recount's summary ({@code rows_read}, {@code qualified_plays}, ...). */
  public static JsonNode recount(Platform platform, Instant from, Instant to) {
    ModuleProcess job = run(platform, "play-counts", "io.harmonia.playcounts.PlayCountsJob",
        "--from=" + from, "--to=" + to);
    expectExit(job, OK);
    return jsonLine(job, "{\"job\":\"play-counts\"");
  }

  /**
   * Exports each day and then verifies it, the days side by side (as a scheduler backfilling them
   * would run them); returns each day's check report.
   */
  public static Map<LocalDate, JsonNode> exportAndVerifyRoyalties(Platform platform, Collection<LocalDate> days) {
    ExecutorService workers = Executors.newFixedThreadPool(days.size());
    try {
      Map<LocalDate, Future<JsonNode>> running = new TreeMap<>();
      for (LocalDate day : days) {
        running.put(day, workers.submit(() -> {
          royaltyExport(platform, day);
          return verifyRoyaltyExport(platform, day);
        }));
      }
      Map<LocalDate, JsonNode> reports = new TreeMap<>();
      for (Map.Entry<LocalDate, Future<JsonNode>> day : running.entrySet()) {
        reports.put(day.getKey(), day.getValue().get());
      }
      return reports;
    } catch (ExecutionException e) {
      throw new IllegalStateException("the royalty export failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      workers.shutdownNow();
    }
  }

  /** {@code job royalty-export --date D}: writes the day's export to the object store. */
  private static void royaltyExport(Platform platform, LocalDate day) {
    expectExit(run(platform, "royalty-export-" + day, "io.harmonia.royalties.RoyaltyExportJob", "--date=" + day), OK);
  }

  /** {@code job royalty-export --date D --verify}: the check's report, whether it passed (exit 0) or not (exit 3). */
  private static JsonNode verifyRoyaltyExport(Platform platform, LocalDate day) {
    ModuleProcess job = run(platform, "royalty-verify-" + day, "io.harmonia.royalties.RoyaltyExportJob",
        "--date=" + day, "--verify");
    int exit = job.awaitExit(TIMEOUT);
    if (exit != OK && exit != MISMATCH) {
      throw new IllegalStateException(job + " failed with exit code " + exit + ":\n" + job.tail());
    }
    return jsonLine(job, "{\"date\":\"" + day + "\"");
  }

  private static ModuleProcess run(Platform platform, String name, String mainClass, String... args) {
    List<String> jvm = new ArrayList<>(List.of("-Xmx1g", "-XX:+UseSerialGC"));
    jvm.addAll(platform.sparkJvmFlags());
    return ModuleProcess.start(platform, name, MODULE, jvm, mainClass, List.of(args), Map.of());
  }

  private static void expectExit(ModuleProcess job, int expected) {
    int exit = job.awaitExit(TIMEOUT);
    if (exit != expected) {
      throw new IllegalStateException(job + " ended with exit code " + exit + ", expected " + expected + ":\n" + job.tail());
    }
  }

  /** The job's JSON result: its output line that starts with the given text (the log lines around it do not). */
  private static JsonNode jsonLine(ModuleProcess job, String start) {
    String line = job.logText().lines().filter(l -> l.startsWith(start)).reduce((a, b) -> b)
        .orElseThrow(() -> new IllegalStateException(job + " printed no line starting with " + start + ":\n" + job.tail()));
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new IllegalStateException(job + " printed a result that is not JSON: " + line, e);
    }
  }
}
