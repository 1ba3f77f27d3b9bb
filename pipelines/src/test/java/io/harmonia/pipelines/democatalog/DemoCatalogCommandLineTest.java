package io.harmonia.pipelines.democatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The generator's command line alone: --help and bad options write nothing. */
class DemoCatalogCommandLineTest {

  private final StringWriter out = new StringWriter();

  private int execute(String... args) {
    return new CommandLine(new DemoCatalogGenerator.Job()).setOut(new PrintWriter(out))
        .setErr(new PrintWriter(new StringWriter())).execute(args);
  }

  @Test
  void helpPrintsTheUsageAndExitsZero() {
    assertThat(execute("--help")).isZero();
    assertThat(out.toString()).startsWith("Usage: bin/platform job demo-catalog").contains("--songs=N", "--full-length=N", "--no-speech");
    assertThat(execute("-h")).isZero();
  }

  @Test
  void unknownOptionsAndBadValuesExitTwoBeforeWritingAnything() {
    assertThat(execute("--no-such-option")).isEqualTo(2);
    assertThat(execute("--songs", "many")).isEqualTo(2);
    assertThat(execute("--songs", "0")).isEqualTo(2);
    assertThat(execute("--full-length", "-1")).isEqualTo(2);
    assertThat(execute("--artists", "/no/such/artists.dat")).isEqualTo(2);
    assertThatThrownBy(() -> DemoCatalogGenerator.parse(new String[] {"--id-prefix", "no spaces"}))
        .hasMessageContaining("--id-prefix");
  }
}
