package io.harmonia.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.pipelines.ingest.IngestOptions;
import io.harmonia.pipelines.plays.PlayEventsOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A Beam pipeline's command line alone: nothing here builds or runs a pipeline. */
class PipelineCommandLineTest {

  @Test
  void helpPrintsTheUsageAndTheOptionsDescriptions() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);

    assertThat(PipelineCommandLine.helpAsked(new String[] {"--help"}, "ingest <catalog>", IngestOptions.class, print))
        .isTrue();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: ingest <catalog>").contains("--catalog",
        "--encodeOnly");
    out.reset();
    assertThat(PipelineCommandLine.helpAsked(new String[] {"-h"}, "plays", PlayEventsOptions.class, print)).isTrue();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: plays");
    assertThat(PipelineCommandLine.helpAsked(new String[] {"--catalog=/c"}, "x", IngestOptions.class, print)).isFalse();
  }

  @Test
  void beamRefusesAnUnknownOptionAndTakesKnownOnes() {
    assertThat(PipelineCommandLine.refusal(new String[] {"--catalog=/c", "--noSuchOption=1"}, IngestOptions.class))
        .contains("noSuchOption");
    assertThat(PipelineCommandLine.refusal(new String[] {"--targetParallelism=2"}, IngestOptions.class))
        .contains("catalog"); // required
    assertThat(PipelineCommandLine.refusal(new String[] {"--catalog=/c", "--targetParallelism=2", "--encodeOnly=true"},
        IngestOptions.class)).isNull();
  }
}
