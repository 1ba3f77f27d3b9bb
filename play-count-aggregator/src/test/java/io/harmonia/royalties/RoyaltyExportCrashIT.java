package io.harmonia.royalties;

import static io.harmonia.royalties.RoyaltyExportIT.JSON;
import static io.harmonia.royalties.RoyaltyExportIT.export;
import static io.harmonia.royalties.RoyaltyExportIT.get;
import static io.harmonia.royalties.RoyaltyExportIT.play;
import static io.harmonia.royalties.RoyaltyExportIT.received;
import static io.harmonia.royalties.RoyaltyExportIT.verify;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.clients.ObjectStoreClients;
import io.harmonia.jobs.JobRuns;
import io.harmonia.testing.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A royalty export killed in the middle of a run (its own JVM, SIGKILL once every object of the new
 * run is uploaded and just before the pointer): the previous run stays current and readable, and
 * the check passes on it; the next run publishes.
 */
class RoyaltyExportCrashIT {

  private static final Duration DEADLINE = Duration.ofMinutes(3);

  @BeforeAll
  static void connect() {
    RoyaltyExportIT.stores = new Stores();
    RoyaltyExportIT.s3 = ObjectStoreClients.s3(RoyaltyExportIT.stores.config);
  }

  @AfterAll
  static void disconnect() {
    RoyaltyExportIT.disconnect();
  }

  @Test
  void aKilledRunLeavesThePreviousRunCurrentAndReadable(@TempDir Path tmp) throws Exception {
    Stores stores = RoyaltyExportIT.stores;
    String run = Stores.runId();
    LocalDate day = Stores.unusedDay();
    String song = "rk-" + run + "-1";
    stores.catalog("rk-" + run + "-a", song);
    Instant cutoff = Instant.parse(day.plusDays(1) + "T02:00:00Z");
    stores.store(play("u1", song, day, "10:00:00", 60_000, "PREMIUM"));
    JsonNode first = export(day, cutoff);
    String firstRun = first.path("run_id").asText();
    byte[] firstPointer = get("date=" + day + "/_current.json");

    stores.store(received(play("u2", song, day, "12:00:00", 60_000, "FREE"), cutoff.plusSeconds(60)));
    Instant later = cutoff.plusSeconds(3600);
    Path marker = tmp.resolve("halted");
    Process export = exportProcess(day, later, marker, tmp.resolve("export.log"));
    try {
      Instant deadline = Instant.now().plus(DEADLINE);
      while (!Files.exists(marker) || Files.size(marker) == 0) {
        assertThat(export.isAlive()).as("the export ended before it halted; log: %s",
            Files.exists(tmp.resolve("export.log")) ? Files.readString(tmp.resolve("export.log")) : "").isTrue();
        assertThat(Instant.now()).as("the export did not reach its pointer in %s", DEADLINE).isBefore(deadline);
        export.waitFor(200, TimeUnit.MILLISECONDS);
      }
    } finally {
      export.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
      export.waitFor(30, TimeUnit.SECONDS);
    }
    String killedRun = Files.readString(marker).trim();
    assertThat(killedRun).isNotEqualTo(firstRun);
    // the killed run got as far as its manifest; the pointer still names the first run, byte for byte
    assertThat(JSON.readTree(get("date=" + day + "/run=" + killedRun + "/_manifest.json")).path("run_id").asText())
        .isEqualTo(killedRun);
    assertThat(get("date=" + day + "/_current.json")).isEqualTo(firstPointer);
    JsonNode manifest = JSON.readTree(get("date=" + day + "/run=" + firstRun + "/_manifest.json"));
    for (JsonNode f : manifest.path("files")) {
      assertThat(RoyaltyFiles.sha256(get(f.path("key").asText()))).as(f.path("name").asText())
          .isEqualTo(f.path("sha256").asText());
    }
    assertThat(verify(day)).isEqualTo(JobRuns.OK);

    // the next run of the same cut-off publishes the run the killed one was writing
    JsonNode retried = export(day, later);
    assertThat(retried.path("status").asText()).isEqualTo("published");
    assertThat(retried.path("run_id").asText()).isEqualTo(killedRun);
    assertThat(retried.path("manifest").path("totals").path("qualified_plays").asLong()).isEqualTo(2);
    assertThat(verify(day)).isEqualTo(JobRuns.OK);
  }

  /** The job in its own JVM (this test's classpath, Beam's DirectRunner), halting before its pointer. */
  private static Process exportProcess(LocalDate day, Instant cutoff, Path marker, Path log) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    command.add("-D" + WriteExportFn.HALT_BEFORE_PUBLISH + "=" + marker);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(RoyaltyExportJob.class.getName());
    command.addAll(List.of("--date", day.toString(), "--cutoff", cutoff.toString(), "--runner=DirectRunner"));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
