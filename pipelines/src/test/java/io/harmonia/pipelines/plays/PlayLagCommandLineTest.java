package io.harmonia.pipelines.plays;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The tool's command line alone: nothing here reaches Kafka. */
class PlayLagCommandLineTest {

  private final StringWriter out = new StringWriter();

  private int execute(String... args) {
    return new CommandLine(new PlayLag()).setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter()))
        .execute(args);
  }

  @Test
  void helpPrintsTheUsageAndExitsZero() {
    assertThat(execute("--help")).isZero();
    assertThat(out.toString()).startsWith("Usage: bin/platform job play-lag").contains("[group]", "[topic]");
    assertThat(execute("-h")).isZero();
  }

  @Test
  void unknownOptionsAndExtraWordsExitTwo() {
    assertThat(execute("--no-such-option")).isEqualTo(2);
    assertThat(execute("group", "topic", "extra")).isEqualTo(2);
  }

  @Test
  void theGroupAndTopicParseWithTheirDefaults() {
    PlayLag lag = new PlayLag();
    new CommandLine(lag).parseArgs("my-group");
    assertThat(lag.group).isEqualTo("my-group");
    assertThat(lag.topic).isEqualTo("play-events");

    PlayLag byDefault = new PlayLag();
    new CommandLine(byDefault).parseArgs();
    assertThat(byDefault.group).isEqualTo("play-events-pipeline");
  }
}
