package io.harmonia.playcounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.jobs.JobRuns;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The job's command line alone: nothing here reaches a store or starts a pipeline. */
class PlayCountsJobCommandLineTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private int run(String... args) {
    return PlayCountsJob.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @Test
  void helpPrintsTheUsageAndExitsZero() {
    assertThat(run("--help")).isEqualTo(JobRuns.OK);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: bin/platform job play-counts")
        .contains("--from=T", "--allowed-lateness=DURATION", "--streaming", "--check-stream", "Exit status");
    out.reset();
    assertThat(run("-h")).isEqualTo(JobRuns.OK);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage:");
  }

  @Test
  void unknownOptionsStrayWordsAndBadValuesAreUsageErrors() {
    assertThat(run("--no-such-option")).isEqualTo(JobRuns.USAGE);
    assertThat(run("--frm", "2026-01-31T10:00:00Z")).isEqualTo(JobRuns.USAGE);
    assertThat(run("2026-01-31")).isEqualTo(JobRuns.USAGE);
    // written like a Beam option, but Beam knows no such option
    assertThat(run("--noSuchBeamOption=1")).isEqualTo(JobRuns.USAGE);
    assertThat(run("--from", "yesterday")).isEqualTo(JobRuns.USAGE);
    assertThat(run("--window", "PT7M")).isEqualTo(JobRuns.USAGE);
    assertThat(run("--from", "2026-01-31T10:00:00Z", "--to", "2026-01-31T09:00:00Z")).isEqualTo(JobRuns.USAGE);
    assertThat(run("--streaming", "--from", "2026-01-31T10:00:00Z")).isEqualTo(JobRuns.USAGE);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty(); // errors go to stderr
  }

  @Test
  void aValidCommandLineParsesToItsValuesAndPassesBeamOptionsThrough() {
    PlayCountsJob job = new PlayCountsJob(System.out);
    JobRuns.commandLine(job, System.out).parseArgs("--from", "2026-01-31T10:00:00Z", "--to=2026-01-31T11:00:00Z",
        "--window", "PT10M", "--allowed-lateness=PT2H", "--runner=DirectRunner", "--targetParallelism=2");

    assertThat(job.from).isEqualTo(Instant.parse("2026-01-31T10:00:00Z"));
    assertThat(job.to).isEqualTo(Instant.parse("2026-01-31T11:00:00Z"));
    assertThat(job.window).isEqualTo(Duration.ofMinutes(10));
    assertThat(job.allowedLateness).isEqualTo(Duration.ofHours(2));
    assertThat(job.streaming).isFalse();
    assertThat(job.maxLag).isEqualTo(10_000);
    assertThat(JobRuns.beamArgs(job.spec, job.unmatched))
        .containsExactly("--runner=DirectRunner", "--targetParallelism=2");
  }

  @Test
  void theStreamingOptionsHaveTheirDefaults() {
    PlayCountsJob job = new PlayCountsJob(System.out);
    JobRuns.commandLine(job, System.out).parseArgs("--streaming", "--consumer-group", "g1");

    assertThat(job.streaming).isTrue();
    assertThat(job.earlyFiring).isEqualTo(Duration.ofMinutes(1));
    assertThat(job.maxDelay).isEqualTo(Duration.ofMinutes(1));
    assertThat(job.consumerGroup).isEqualTo("g1");
    assertThat(job.window).isEqualTo(PlayWindows.DEFAULT_SIZE);
  }
}
