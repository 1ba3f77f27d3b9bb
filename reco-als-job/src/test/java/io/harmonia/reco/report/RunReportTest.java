package io.harmonia.reco.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {

  @TempDir Path dir;

  @Test
  void writesJsonAndAnHtmlPageWithTheComparisonFirst() throws Exception {
    RunReport report = new RunReport("r1");
    report.put("status", "published");
    report.section("parameters").put("rank", 64);
    int answer = report.time("train", () -> 42);
    report.section("metrics").put("at_10", Map.of(
        "als", Map.of("k", 10, "precision", 0.2, "recall", 0.3, "ndcg", 0.25, "map", 0.1),
        "popularity", Map.of("k", 10, "precision", 0.1, "recall", 0.1, "ndcg", 0.1, "map", 0.05)));

    report.write(dir);

    assertThat(answer).isEqualTo(42);
    String json = Files.readString(dir.resolve("report.json"));
    assertThat(json).contains("\"run_id\" : \"r1\"", "\"train\" :", "\"rank\" : 64");
    String html = Files.readString(dir.resolve("report.html"));
    assertThat(html).contains("<h1>Recommendations run r1</h1>", "ndcg@10", "2.50×", "published");
  }

  @Test
  void writeJsonToReplacesTheChosenFileWithThisRunsReport() throws Exception {
    Path out = dir.resolve("airflow/reco/report.json");
    RunReport first = new RunReport("r1");
    first.put("status", "published");
    first.writeJsonTo(out);
    RunReport second = new RunReport("r2");
    second.put("status", "gate-failed");
    second.section("gate").put("passed", false);

    second.writeJsonTo(out);

    assertThat(Files.readString(out)).isEqualTo(second.toJson());
    try (var files = Files.list(out.getParent())) {
      assertThat(files).containsExactly(out);
    }
  }
}
