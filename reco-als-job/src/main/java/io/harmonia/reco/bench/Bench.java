package io.harmonia.reco.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.reco.LocalSpark;
import io.harmonia.reco.evaluation.HoldoutSplit.Split;
import io.harmonia.reco.evaluation.RankingMetrics.Summary;
import io.harmonia.reco.matrix.InteractionMatrix.Confidence;
import io.harmonia.reco.training.AlsParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The benchmark's Java half (infra/bench/reco.sh runs the rest): on the job's HetRec split, Spark ALS
 * for a grid of ranks and iterations, next to the Python implicit library's runs of the same grid
 * (their top-k files scored here by the job's metric code) and the most-popular baseline; then
 * everything the script measured (the acceptance run's report, the Cassandra end-to-end run) goes
 * into {@code reco.json} and {@code reco.md}.
 *
 * <p>Usage: {@code Bench <split dir> <grid rank:iter,...> <regParam> <alpha> <job report.json>
 * <implicit-runs.json> <cassandra-e2e.json> <out dir>}
 */
public final class Bench {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Bench() {}

  public static void main(String[] args) throws Exception {
    Path splitDir = Path.of(args[0]);
    String grid = args[1];
    double regParam = Double.parseDouble(args[2]);
    double alpha = Double.parseDouble(args[3]);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("generated_at", Instant.now().toString());
    doc.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
        "note", "2 cores shared with other workloads; Spark local[*] and implicit both use every core"));
    doc.put("acceptance_run", acceptance(JSON.readTree(Path.of(args[4]).toFile())));
    List<Map<String, Object>> implicitRuns = JSON.readValue(Path.of(args[5]).toFile(), new TypeReference<>() {});
    SparkSession spark = LocalSpark.session("harmonia-reco-bench", HarmoniaConfig.fromEnvironment());
    try {
      Split split = SplitFiles.read(spark, splitDir, Confidence.LOG, 1.0);
      Summary baseline = Trial.baseline(split);
      doc.put("split", Map.of("dir", splitDir.toString(), "train_interactions", split.train().count(),
          "test_interactions", split.test().count()));
      doc.put("baseline_at_10", baseline.describe());
      List<Map<String, Object>> rows = new ArrayList<>();
      for (String point : grid.split(",")) {
        String[] ri = point.split(":");
        AlsParams params = AlsParams.defaults().withRank(Integer.parseInt(ri[0])).withMaxIter(Integer.parseInt(ri[1]))
            .withRegParam(regParam).withAlpha(alpha);
        Trial spark1 = Trial.run(split, "log", 1.0, params);
        System.out.println("spark    " + spark1);
        Map<String, Object> implicit = implicitRuns.stream()
            .filter(r -> ((Number) r.get("factors")).intValue() == params.rank()
                && ((Number) r.get("iterations")).intValue() == params.maxIter())
            .findFirst().map(r -> {
              Map<String, Object> m = new LinkedHashMap<>(r);
              m.put("metrics_at_10", Score.score(spark, splitDir, Path.of((String) r.get("topk_file")), 10));
              return m;
            }).orElse(null);
        System.out.println("implicit " + (implicit == null ? "-" : implicit.get("metrics_at_10")));
        rows.add(compare(spark1, implicit, baseline));
      }
      doc.put("grid", rows);
    } finally {
      spark.stop();
    }
    doc.put("cassandra_end_to_end", cassandra(JSON.readTree(Path.of(args[6]).toFile())));
    Path out = Path.of(args[7]);
    Files.createDirectories(out);
    Files.writeString(out.resolve("reco.json"), JSON.writeValueAsString(doc));
    Files.writeString(out.resolve("reco.md"), BenchMarkdown.render(JSON.readTree(JSON.writeValueAsString(doc))));
    System.out.println("wrote " + out.resolve("reco.json") + " and reco.md");
  }

  private static Map<String, Object> compare(Trial spark, Map<String, Object> implicit, Summary baseline) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("rank", spark.params().rank());
    row.put("iterations", spark.params().maxIter());
    row.put("spark_als", spark.describe());
    row.put("implicit_als", implicit);
    Map<String, Object> ratios = new LinkedHashMap<>();
    ratios.put("spark_ndcg_over_baseline", spark.metrics().ndcg() / baseline.ndcg());
    ratios.put("spark_precision_over_baseline", spark.metrics().precision() / baseline.precision());
    if (implicit != null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) implicit.get("metrics_at_10");
      ratios.put("spark_ndcg_over_implicit", spark.metrics().ndcg() / ((Number) m.get("ndcg")).doubleValue());
      ratios.put("spark_precision_over_implicit",
          spark.metrics().precision() / ((Number) m.get("precision")).doubleValue());
      ratios.put("spark_fit_time_over_implicit",
          spark.fitSeconds() / ((Number) implicit.get("fit_seconds")).doubleValue());
    }
    row.put("ratios", ratios);
    return row;
  }

  private static Map<String, Object> acceptance(JsonNode report) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", report.path("run_id").asText());
    m.put("status", report.path("status").asText());
    m.put("parameters", report.path("parameters"));
    m.put("data", report.path("data"));
    m.put("metrics_at_10", report.path("metrics").path("at_10"));
    m.put("checks", report.path("checks"));
    m.put("timings_ms", report.path("timings_ms"));
    return m;
  }

  private static Map<String, Object> cassandra(JsonNode e2e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("generated_plays", e2e.path("generator"));
    m.put("job_wall_seconds", e2e.path("job_wall_seconds").asDouble());
    try {
      JsonNode report = JSON.readTree(Path.of(e2e.path("job_report").asText()).toFile());
      m.put("job_status", report.path("status").asText());
      m.put("job_status_reason", report.path("status_reason").asText());
      m.put("job_data", report.path("data"));
      m.put("job_timings_ms", report.path("timings_ms"));
      m.put("job_metrics_at_10", report.path("metrics").path("at_10"));
      m.put("job_publish", report.path("publish"));
    } catch (Exception e) {
      m.put("job_report_error", String.valueOf(e));
    }
    return m;
  }
}
