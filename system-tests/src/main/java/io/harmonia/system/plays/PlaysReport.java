package io.harmonia.system.plays;

import com.fasterxml.jackson.databind.JsonNode;

/** The benchmark's figures as the short Markdown page beside the JSON. */
final class PlaysReport {

  private PlaysReport() {}

  static String markdown(JsonNode r) {
    JsonNode intake = r.get("intake");
    JsonNode pipeline = r.get("pipeline");
    JsonNode raw = r.get("cassandra_async_inserts");
    JsonNode latency = r.get("end_to_end_latency");
    return """
        # Play path benchmark (`bin/platform bench plays`)

        Recorded %s on %d cores (load average %.1f at the start, %.1f at the end: a shared machine,
        so read the ratios, each measured side by side with its baseline in the same run).

        | what | figure | baseline | ratio |
        | --- | --- | --- | --- |
        | pipeline throughput (%s, options: %s; %d plays backlog, 2 Cassandra rows each) | %d plays/s | %d plays/s: async single-row driver inserts of the same rows (%d before, %d after) | **%.2f** |
        | intake `POST /api/v1/play-events` (%d concurrent clients, 202 after Kafka's ack; medians of alternating rounds) | %d req/s, p50 %.1f ms, p99 %.1f ms | %d req/s `GET /api/v1/me`, p50 %.1f ms, p99 %.1f ms | **%.2f** |
        | end-to-end latency, 202 → row readable in `plays_by_user` (%d plays at %d/s, polled every %d ms) | p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms | | |

        Figures: [plays.json](plays.json). How it is measured: `system-tests/src/main/java/io/harmonia/system/plays/PlaysBenchmark.java`.
        """.formatted(
        r.get("recorded_at").asText(), r.get("cores").asInt(), r.get("load_average_at_start").asDouble(),
        r.path("load_average_at_end").asDouble(),
        pipeline.get("runner").asText(), pipeline.path("pipeline_options").asText("defaults"), pipeline.get("backlog_plays").asInt(), pipeline.get("sustained_plays_per_s").asLong(),
        raw.get("plays_per_s_mean").asLong(), raw.get("plays_per_s_before").asLong(), raw.get("plays_per_s_after").asLong(),
        r.get("pipeline_vs_async_inserts").asDouble(),
        intake.get("concurrency").asInt(), intake.get("play_events_per_s").asLong(), intake.get("play_events_p50_ms").asDouble(),
        intake.get("play_events_p99_ms").asDouble(),
        intake.get("trivial_per_s").asLong(),
        intake.get("trivial_p50_ms").asDouble(), intake.get("trivial_p99_ms").asDouble(), intake.get("intake_vs_trivial").asDouble(),
        latency.get("seen").asInt(), latency.get("rate_per_s").asInt(), latency.get("poll_interval_ms").asInt(),
        latency.get("p50_ms").asDouble(), latency.get("p95_ms").asDouble(), latency.get("p99_ms").asDouble(),
        latency.get("max_ms").asDouble());
  }
}
