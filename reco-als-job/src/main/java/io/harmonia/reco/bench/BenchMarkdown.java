package io.harmonia.reco.bench;

import com.fasterxml.jackson.databind.JsonNode;

/** reco.json as a page a person reads: the acceptance run, the grid side by side, the Cassandra run. */
final class BenchMarkdown {

  private BenchMarkdown() {}

  static String render(JsonNode doc) {
    StringBuilder md = new StringBuilder("# Recommendations benchmark\n\n");
    md.append("Generated ").append(doc.path("generated_at").asText()).append(" by `bin/platform bench reco`; ")
        .append(doc.path("machine").path("note").asText()).append(".\n\n");

    JsonNode acc = doc.path("acceptance_run");
    JsonNode at10 = acc.path("metrics_at_10");
    md.append("## Acceptance run: the job on HetRec Last.fm (20% of each user's artists held out, seed ")
        .append(acc.path("parameters").path("split_seed").asText()).append(")\n\n");
    md.append("Run `").append(acc.path("run_id").asText()).append("`, ALS ").append(acc.path("parameters").path("als"))
        .append(", confidence `").append(acc.path("parameters").path("confidence").asText()).append("`.\n\n");
    md.append("| metric@10 | ALS | most popular | ALS / most popular |\n|---|---|---|---|\n");
    for (String metric : new String[] {"precision", "recall", "ndcg", "map"}) {
      md.append(String.format("| %s | %.4f | %.4f | %.2f× |%n", metric, at10.path("als").path(metric).asDouble(),
          at10.path("popularity").path(metric).asDouble(),
          at10.path("ratio_als_to_popularity").path(metric).asDouble()));
    }
    md.append("\nUsers evaluated: ").append(at10.path("als").path("users").asText())
        .append("; training items among the recommendations: ALS ")
        .append(acc.path("checks").path("als_training_items_recommended").asText()).append(", baseline ")
        .append(acc.path("checks").path("popularity_training_items_recommended").asText()).append(".\n\n");

    md.append("## Spark ALS vs the Python `implicit` library, same split, same metric code\n\n");
    md.append(String.format("Most-popular baseline on this split: P@10 %.4f, NDCG@10 %.4f.%n%n",
        doc.path("baseline_at_10").path("precision").asDouble(), doc.path("baseline_at_10").path("ndcg").asDouble()));
    md.append("| rank | iterations | Spark fit s | implicit fit s | time Spark/implicit | Spark P@10 | implicit P@10 "
        + "| P ratio | Spark NDCG@10 | implicit NDCG@10 | NDCG ratio | Spark NDCG / baseline |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (JsonNode row : doc.path("grid")) {
      JsonNode s = row.path("spark_als");
      JsonNode i = row.path("implicit_als");
      JsonNode r = row.path("ratios");
      md.append(String.format("| %d | %d | %.1f | %s | %s | %.4f | %s | %s | %.4f | %s | %s | %.2f× |%n",
          row.path("rank").asInt(), row.path("iterations").asInt(), s.path("fit_seconds").asDouble(),
          i.isMissingNode() || i.isNull() ? "—" : String.format("%.2f", i.path("fit_seconds").asDouble()),
          ratio(r.path("spark_fit_time_over_implicit")), s.path("metrics_at_10").path("precision").asDouble(),
          metric(i, "precision"), ratio(r.path("spark_precision_over_implicit")),
          s.path("metrics_at_10").path("ndcg").asDouble(), metric(i, "ndcg"), ratio(r.path("spark_ndcg_over_implicit")),
          r.path("spark_ndcg_over_baseline").asDouble()));
    }
    JsonNode c = doc.path("cassandra_end_to_end");
    md.append("\n## End to end on Cassandra\n\n");
    md.append("Generated plays: `").append(c.path("generated_plays")).append("`.\n\n");
    md.append(String.format("`bin/platform job reco --input cassandra` wall time: **%.1f s** (JVM start to exit), "
        + "status `%s` (%s).%n%n", c.path("job_wall_seconds").asDouble(), c.path("job_status").asText(),
        c.path("job_status_reason").asText()));
    md.append("Stage timings (ms): `").append(c.path("job_timings_ms")).append("`\n\nData: `")
        .append(c.path("job_data")).append("`\n");
    return md.toString();
  }

  private static String metric(JsonNode implicit, String name) {
    return implicit.isMissingNode() || implicit.isNull() ? "—"
        : String.format("%.4f", implicit.path("metrics_at_10").path(name).asDouble());
  }

  private static String ratio(JsonNode value) {
    return value.isMissingNode() || value.isNull() ? "—" : String.format("%.2f×", value.asDouble());
  }
}
