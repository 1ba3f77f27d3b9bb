package io.harmonia.search.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The search benchmark's figures as {@code search.json} and a short {@code search.md}. */
final class SearchBenchReport {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SearchBenchReport() {}

  static void write(ObjectNode results, Path out) throws IOException {
    Files.createDirectories(out);
    Files.writeString(out.resolve("search.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results) + "\n");
    JsonNode idx = results.get("indexing");
    JsonNode s = results.get("search");
    JsonNode g = results.get("suggest");
    String md = String.format(Locale.ROOT, """
        # Search benchmark

        `bin/platform bench search` — %s, %s. Catalog: %,d songs (5,000 real MSD titles, the rest generated
        from their words) by %,d artists (the real Last.fm names); %,d documents in all.

        ## Indexing

        | path | docs/s |
        | --- | ---: |
        | direct bulk load into a fresh index (bulks of %d) | %,d |
        | outbox rows committed → relay → Kafka → indexer → searchable | %,d |
        | **ratio (relay + indexer / direct)** | **%.3f** |

        Writing the catalog and its outbox rows to PostgreSQL (one transaction, not in the rates above): %.1f s.

        ## Latency (single client, interleaved query by query; API = HTTP + token check + Redis miss + Elasticsearch + JSON)

        | request | queries | API p50 | API p99 | Elasticsearch direct p50 | direct p99 | overhead p50 | overhead p99 | API cached p50 | cached p99 |
        | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
        | search (type=song, limit 10) | %d | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f× | %.2f× | %.2f ms | %.2f ms |
        | suggest (limit 8) | %d | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f× | %.2f× | %.2f ms | %.2f ms |
        """, results.get("run_at").asText(), results.get("machine").asText(), results.get("songs").asInt(),
        results.get("artists").asInt(), results.get("documents").asInt(), idx.get("bulk_size").asInt(),
        idx.get("direct_bulk_docs_per_s").asLong(), idx.get("relay_indexer_docs_per_s").asLong(),
        idx.get("ratio_relay_indexer_to_direct").asDouble(), results.get("catalog_write_s").asDouble(),
        s.get("queries").asInt(), s.get("api_p50_ms").asDouble(), s.get("api_p99_ms").asDouble(),
        s.get("elasticsearch_p50_ms").asDouble(), s.get("elasticsearch_p99_ms").asDouble(),
        s.get("overhead_ratio_p50").asDouble(), s.get("overhead_ratio_p99").asDouble(),
        s.get("api_cached_p50_ms").asDouble(), s.get("api_cached_p99_ms").asDouble(),
        g.get("queries").asInt(), g.get("api_p50_ms").asDouble(), g.get("api_p99_ms").asDouble(),
        g.get("elasticsearch_p50_ms").asDouble(), g.get("elasticsearch_p99_ms").asDouble(),
        g.get("overhead_ratio_p50").asDouble(), g.get("overhead_ratio_p99").asDouble(),
        g.get("api_cached_p50_ms").asDouble(), g.get("api_cached_p99_ms").asDouble());
    Files.writeString(out.resolve("search.md"), md);
  }
}
