package io.harmonia.search.reindex;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The job's command line alone: --help and a bad argument never reach PostgreSQL or Elasticsearch. */
class ReindexCommandLineTest {

  private final StringWriter out = new StringWriter();

  private int execute(String... args) {
    return new CommandLine(new Reindex.Job()).setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter()))
        .execute(args);
  }

  @Test
  void helpPrintsTheUsageAndExitsZero() {
    assertThat(execute("--help")).isZero();
    assertThat(out.toString()).startsWith("Usage: bin/platform job reindex").contains("aliases");
    assertThat(execute("-h")).isZero();
  }

  @Test
  void anyArgumentButHelpExitsTwo() {
    assertThat(execute("--no-such-option")).isEqualTo(2);
    assertThat(execute("songs")).isEqualTo(2);
  }
}
