package io.harmonia.royalties;

import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.jobs.JobRuns;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The job's command line alone: nothing here reaches a store or starts a pipeline. */
class RoyaltyExportJobCommandLineTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private int run(String... args) {
    return RoyaltyExportJob.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @Test
  void helpPrintsTheUsageAndExitsZero() {
    assertThat(run("--help")).isEqualTo(JobRuns.OK);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: bin/platform job royalty-export")
        .contains("--date=YYYY-MM-DD", "--verify", "Exit status");
  }

  @Test
  void badCommandLinesAreUsageErrors() {
    assertThat(run("--verify")).isEqualTo(JobRuns.USAGE); // --date is required
    assertThat(run("--date", "2026-13-01")).isEqualTo(JobRuns.USAGE);
    assertThat(run("--date", "2026-01-31", "--no-such-option")).isEqualTo(JobRuns.USAGE);
    assertThat(run("--date", "2026-01-31", "--sparkMastr=local[2]")).isEqualTo(JobRuns.USAGE);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void aValidCommandLineParsesToItsValues() {
    RoyaltyExportJob job = new RoyaltyExportJob(System.out);
    JobRuns.commandLine(job, System.out).parseArgs("--date=2026-01-31", "--verify", "--runner=SparkRunner",
        "--sparkMaster=local[4]");

    assertThat(job.days.day).isEqualTo(LocalDate.of(2026, 1, 31));
    assertThat(job.verify).isTrue();
    assertThat(JobRuns.beamArgs(job.spec, job.unmatched)).containsExactly("--runner=SparkRunner", "--sparkMaster=local[4]");
  }
}
