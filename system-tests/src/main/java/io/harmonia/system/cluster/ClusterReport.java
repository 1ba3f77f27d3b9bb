package io.harmonia.system.cluster;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code cluster.md}: the figures of {@code cluster.json} as tables, with the machine and the note. */
final class ClusterReport {

  private ClusterReport() {}

  static String markdown(JsonNode r) {
    StringBuilder md = new StringBuilder();
    JsonNode machine = r.path("machine");
    md.append("# Cluster benchmark: local mode vs the Spark standalone cluster\n\n");
    md.append("Recorded ").append(r.path("recorded_at").asText()).append(" by `bin/platform bench cluster` in ")
        .append(r.path("benchmark_seconds").asLong()).append(" s. Machine: ").append(machine.path("cores").asInt())
        .append(" cores, ").append(machine.path("memory_gb").asText()).append(" GB, load average ")
        .append(machine.path("load_average_at_start").asText()).append(" at the start and ")
        .append(r.path("load_average_at_end").asText()).append(" at the end. Cluster: ")
        .append(machine.path("spark_workers_alive").asInt()).append(" workers x ")
        .append(machine.path("spark_worker_cores").asInt()).append(" core (")
        .append(machine.path("spark_worker_memory").asText()).append("; executors ")
        .append(machine.path("spark_executor_memory").asText()).append("). On the same cores: ")
        .append(machine.path("on_the_same_cores").asText()).append(".\n\n");

    JsonNode p = r.path("pipeline");
    md.append("## Play-events pipeline: ").append(String.format("%,d", p.path("backlog_plays").asLong()))
        .append(" plays drained from a topic of its own (6 partitions)\n\n");
    md.append("Measured: ").append(p.path("measured").asText()).append(".\n\n");
    md.append("| run | Spark | start-up to first commit s | records at first commit | drain s | records/s (drain) "
        + "| launch to all committed s | records/s (overall) | workers with executors | load average start → end |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (JsonNode run : p.path("runs")) {
      md.append("| ").append(run.path("mode").asText())
          .append(run.path("stalled").asBoolean() ? " (STALLED at " + run.path("records_committed").asText()
              + " records committed: " + run.path("partitions_committed_vs_end").toString() + ")" : "")
          .append(" | ").append(run.path("spark_master").asText())
          .append(" | ").append(run.path("startup_to_first_commit_s").asText())
          .append(" | ").append(run.path("records_at_first_commit").asText())
          .append(" | ").append(run.path("drain_s").asText())
          .append(" | **").append(run.path("drain_records_per_s").asText()).append("**")
          .append(" | ").append(run.path("launch_to_all_committed_s").asText())
          .append(" | ").append(run.path("overall_records_per_s").asText())
          .append(" | ").append(run.has("workers_with_executors") ? run.path("workers_with_executors").toString() : "-")
          .append(" | ").append(load(run)).append(" |\n");
    }
    JsonNode ratios = p.path("ratios");
    md.append("\nRatios (drain records/s): two workers / one worker **").append(ratios.path("two_workers_vs_one").asText())
        .append("×**, cluster 1 core / local ").append(ratios.path("cluster_1_core_vs_local").asText())
        .append("×, cluster 2 cores / local **").append(ratios.path("cluster_2_cores_vs_local").asText())
        .append("×**; launch to all committed: two / one ").append(ratios.path("two_workers_vs_one_overall").asText())
        .append("×, cluster 2 cores / local ").append(ratios.path("cluster_2_cores_vs_local_overall").asText()).append("×.\n\n");

    JsonNode reco = r.path("reco");
    md.append("## ALS job (reco) on the same Cassandra plays\n\n");
    md.append("`").append(reco.path("job").asText()).append("`; plays: `").append(reco.path("plays").toString())
        .append("` (SyntheticPlays from HetRec Last.fm users 1-").append(reco.path("hetrec_users").asInt())
        .append(", one far-future day, deleted after). Fit stage: ").append(reco.path("fit_stage").asText()).append(".\n\n");
    md.append("| run | Spark | shuffle partitions | wall s | fit s | read s | build_matrix s | stages total s "
        + "| outside the stages s (JVM, session, executors) | status | load average start → end |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (JsonNode run : reco.path("runs")) {
      JsonNode t = run.path("timings_ms");
      md.append("| ").append(run.path("mode").asText()).append(" | ").append(run.path("spark_master").asText())
          .append(" | ").append(run.path("spark_sql_shuffle_partitions").asText())
          .append(" | **").append(run.path("wall_s").asText()).append("** | **").append(run.path("fit_s").asText())
          .append("** | ").append(seconds(t.path("read"))).append(" | ").append(seconds(t.path("build_matrix")))
          .append(" | ").append(run.path("stages_total_s").asText()).append(" | ").append(run.path("outside_stages_s").asText())
          .append(" | ").append(run.path("status").asText()).append(" | ").append(load(run)).append(" |\n");
    }
    JsonNode rr = reco.path("ratios_cluster_vs_local");
    md.append("\nCluster / local: wall **").append(rr.path("wall").asText()).append("×**, fit **")
        .append(rr.path("fit").asText()).append("×**, read ").append(rr.path("read").asText())
        .append("×. Same top-k lists on both: ").append(reco.path("same_top_k_lists").asBoolean() ? "yes" : "no").append(".\n\n");
    md.append("Stage timings (ms):\n\n");
    for (JsonNode run : reco.path("runs")) {
      md.append("- ").append(run.path("mode").asText()).append(": `").append(run.path("timings_ms").toString()).append("`\n");
    }
    md.append("\n## Note\n\n").append(r.path("note").asText()).append("\n\n");
    md.append("Busiest processes at the start (ps, %CPU over each process's lifetime): ");
    StringBuilder busy = new StringBuilder();
    for (JsonNode line : machine.path("busiest_processes_at_start")) {
      busy.append(busy.length() == 0 ? "" : "; ").append(line.asText());
    }
    md.append(busy).append(".\n");
    return md.toString();
  }

  private static String load(JsonNode run) {
    return run.path("load_average_at_start").asText() + " → " + run.path("load_average_at_end").asText();
  }

  private static String seconds(JsonNode ms) {
    return ms.isMissingNode() ? "-" : String.valueOf(Math.round(ms.asDouble() / 100) / 10.0);
  }
}
