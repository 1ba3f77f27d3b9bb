package io.harmonia.search.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The tool's command line alone: nothing here reaches PostgreSQL. */
class OutboxLagCommandLineTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    return new CommandLine(new OutboxLag()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
  }

  @Test
  void helpPrintsTheUsageAndExitsZero() {
    assertThat(execute("--help")).isZero();
    assertThat(out.toString()).startsWith("Usage: bin/platform job outbox-lag").contains("[max-age-seconds]", "Exit status");
    assertThat(execute("-h")).isZero();
  }

  @Test
  void unknownOptionsAndBadValuesExitTwo() {
    assertThat(execute("--no-such-option")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option: '--no-such-option'");
    assertThat(execute("five")).isEqualTo(2);
    assertThat(execute("300", "400")).isEqualTo(2);
  }

  @Test
  void theThresholdParses() {
    OutboxLag lag = new OutboxLag();
    new CommandLine(lag).parseArgs("600");
    assertThat(lag.maxAgeSeconds).isEqualTo(600);

    OutboxLag byDefault = new OutboxLag();
    new CommandLine(byDefault).parseArgs();
    assertThat(byDefault.maxAgeSeconds).isEqualTo(300);
  }
}
