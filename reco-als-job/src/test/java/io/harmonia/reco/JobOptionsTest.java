package io.harmonia.reco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harmonia.reco.matrix.InteractionMatrix.Confidence;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class JobOptionsTest {

  @Test
  void defaultsReadCassandraAndPublish() {
    JobOptions o = JobOptions.parse(new String[] {"--to", "2025-03-31", "--days", "7"}, Path.of("/state"));

    assertThat(o.fromCassandra()).isTrue();
    assertThat(o.from()).isEqualTo(LocalDate.of(2025, 3, 25));
    assertThat(o.output()).isEmpty();
    assertThat(o.genres()).isTrue();
    assertThat(o.holdout()).isEqualTo(0.2);
    assertThat(o.reportDir()).isEqualTo(Path.of("/state/reports/reco"));
    assertThat(o.reportOut()).isEmpty();
  }

  @Test
  void reportOutNamesTheFileForThisRunsReport() {
    JobOptions o = JobOptions.parse(new String[] {"--report-out", "/runs/2025-03-31/report.json"}, Path.of("/s"));

    assertThat(o.reportOut()).contains(Path.of("/runs/2025-03-31/report.json"));
  }

  @Test
  void everyAlsParameterCanBeSet() {
    JobOptions o = JobOptions.parse(new String[] {"--input", "x.tsv", "--output", "o.jsonl", "--k", "30",
        "--rank", "16", "--max-iter", "3", "--reg-param", "0.5", "--alpha", "7", "--confidence", "linear"}, Path.of("/s"));

    assertThat(o.fromCassandra()).isFalse();
    assertThat(o.genres()).isFalse();
    assertThat(o.k()).isEqualTo(30);
    assertThat(o.confidence()).isEqualTo(Confidence.LINEAR);
    assertThat(o.als().describe()).containsEntry("rank", 16).containsEntry("maxIter", 3)
        .containsEntry("regParam", 0.5).containsEntry("alpha", 7.0).containsEntry("implicitPrefs", true);
  }

  @Test
  void anUnknownOptionIsAnError() {
    assertThatThrownBy(() -> JobOptions.parse(new String[] {"--rnak", "3"}, Path.of("/s")))
        .hasMessageContaining("rnak");
  }

  @Test
  void bothSpellingsAndBooleanValuesParse() {
    JobOptions o = JobOptions.parse(new String[] {"--input=cassandra", "--from", "2025-03-01", "--to=2025-03-07",
        "--genres", "false", "--nonnegative=true", "--gate-margin", "0.2"}, Path.of("/s"));

    assertThat(o.from()).isEqualTo(LocalDate.of(2025, 3, 1));
    assertThat(o.to()).isEqualTo(LocalDate.of(2025, 3, 7));
    assertThat(o.genres()).isFalse();
    assertThat(o.als().nonnegative()).isTrue();
    assertThat(o.gateMargin()).isEqualTo(0.2);
  }

  @Test
  void badValuesAndStrayWordsAreErrors() {
    assertThatThrownBy(() -> JobOptions.parse(new String[] {"--rank", "many"}, Path.of("/s")))
        .hasMessageContaining("--rank");
    assertThatThrownBy(() -> JobOptions.parse(new String[] {"--confidence", "cubic"}, Path.of("/s")))
        .hasMessageContaining("log or linear");
    assertThatThrownBy(() -> JobOptions.parse(new String[] {"cassandra"}, Path.of("/s")))
        .hasMessageContaining("cassandra");
    assertThatThrownBy(() -> JobOptions.parse(new String[] {"--k", "0"}, Path.of("/s")))
        .hasMessageContaining("k >= 1");
  }

  @Test
  void helpPrintsTheUsageAndExitsZeroBeforeAnyWork() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    assertThat(RecoJob.main(new String[] {"--help"}, new java.io.PrintStream(out, true))).isZero();
    assertThat(out.toString()).startsWith("Usage: bin/platform job reco").contains("--input=cassandra|FILE",
        "--report-out=FILE", "--genres=true|false");
    out.reset();
    assertThat(RecoJob.main(new String[] {"-h"}, new java.io.PrintStream(out, true))).isZero();
    assertThat(out.toString()).startsWith("Usage:");
  }

  @Test
  void anUnknownOptionExitsTwoBeforeAnyWork() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    assertThat(RecoJob.main(new String[] {"--no-such-option", "1"}, new java.io.PrintStream(out, true))).isEqualTo(2);
    assertThat(RecoJob.main(new String[] {"--k", "0"}, new java.io.PrintStream(out, true))).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
  }
}
