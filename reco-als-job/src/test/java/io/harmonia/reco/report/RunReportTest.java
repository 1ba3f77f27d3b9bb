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
}
