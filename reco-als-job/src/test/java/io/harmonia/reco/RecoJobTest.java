package io.harmonia.reco;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.reco.report.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole job offline, on a small generated triples file: top-k lists, split files and the report. */
class RecoJobTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void writesTopKListsWithoutTrainingItemsTheSplitAndAReport() throws Exception {
    Path input = TasteCommunities.write(dir.resolve("plays.tsv"), 60, 4, 15, 8, new Random(5));
    Path output = dir.resolve("top.jsonl");
    JobOptions options = JobOptions.parse(new String[] {"--input", input.toString(), "--output", output.toString(),
        "--write-split", dir.resolve("split").toString(), "--k", "5", "--rank", "8", "--max-iter", "8",
        "--reg-param", "0.05", "--alpha", "10", "--min-item-users", "1", "--taste-groups", "4",
        "--report-dir", dir.resolve("reports").toString()}, dir);

    RunReport report = new RecoJob(TestSpark.session(), HarmoniaConfig.of(Map.of("HARMONIA_STATE_DIR", dir.toString())),
        options).run();

    assertThat(report.get("status")).isEqualTo("offline");
    Map<String, Set<String>> train = new HashMap<>();
    List<String> trainLines = Files.readAllLines(dir.resolve("split/train.tsv"));
    for (String line : trainLines.subList(1, trainLines.size())) {
      String[] f = line.split("\t");
      train.computeIfAbsent(f[0], u -> new HashSet<>()).add(f[1]);
    }
    List<String> lines = Files.readAllLines(output);
    assertThat(lines).hasSize(60);
    for (String line : lines) {
      JsonNode node = JSON.readTree(line);
      Set<String> items = new HashSet<>();
      node.get("items").forEach(i -> items.add(i.asText()));
      assertThat(items).hasSize(5).doesNotContainAnyElementsOf(train.get(node.get("user_id").asText()));
    }
    JsonNode json = JSON.readTree(Files.readString(Path.of(report.get("report").toString()).resolveSibling("report.json")));
    assertThat(json.at("/checks/als_training_items_recommended").asLong()).isZero();
    assertThat(json.at("/metrics/at_10/als/users").asLong()).isEqualTo(60);
    assertThat(json.at("/metrics/at_10/ratio_als_to_popularity/ndcg").asDouble()).isGreaterThan(1.5);
    assertThat(json.at("/parameters/als/rank").asInt()).isEqualTo(8);
    assertThat(json.at("/timings_ms/train_evaluation_model").asLong()).isPositive();
    assertThat(json.at("/gate/passed").asBoolean()).isTrue();
  }
}
