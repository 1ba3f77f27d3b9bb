package io.harmonia.search.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.clients.PostgresClients;
import io.harmonia.clients.RedisClients;
import io.harmonia.clients.SearchClients;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.schemas.SearchIndexes;
import io.harmonia.search.SearchIndexerApp;
import io.harmonia.search.SearchPipeline;
import io.harmonia.search.events.CatalogEvent;
import io.harmonia.search.indexer.BulkIndexer;
import io.harmonia.search.indexer.ConsumerGroups;
import io.harmonia.search.indexer.WriteTargets;
import io.harmonia.search.query.SearchQueries;
import io.harmonia.search.relay.OutboxRelay;
import io.harmonia.search.query.SearchText;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import redis.clients.jedis.JedisPooled;

/**
 * {@code bin/platform bench search}: with a catalog of 100,000+ songs (real names plus generated
 * ones, {@link BenchCatalog}) measures, side by side in one run on the running platform:
 * <ul>
 *   <li>indexing rate: the relay + indexer path (catalog and outbox rows committed in PostgreSQL →
 *       Kafka → bulk into the live aliases, until all are searchable) next to a direct bulk load of
 *       the same documents into a fresh index;
 *   <li>search and suggest latency (p50, p99) through the API (HTTP, auth, cache miss, Elasticsearch,
 *       JSON) next to the same Elasticsearch query sent directly, interleaved query by query, and the
 *       API's cache hits.
 * </ul>
 * Writes {@code search.json} and {@code search.md} to the given directory; removes its catalog at
 * the end (through the outbox, so the documents go too) unless {@code --keep}.
 */
public final class SearchBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BULK = 1000;

  private final HarmoniaConfig config = HarmoniaConfig.fromEnvironment();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ElasticsearchClient es = SearchClients.elasticsearch(config);
  private final ObjectNode results = JSON.createObjectNode();

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    int songs = 100_000;
    int queries = 500;
    boolean keep = false;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--songs" -> songs = Integer.parseInt(args[++i]);
        case "--queries" -> queries = Integer.parseInt(args[++i]);
        case "--keep" -> keep = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    new SearchBenchmark().run(out, songs, queries, keep);
    System.exit(0);
  }

  private void run(Path out, int songCount, int queryCount, boolean keep) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    Random random = new Random(42);
    Path datasets = RealNames.datasets(Path.of(System.getenv().getOrDefault("HARMONIA_ROOT", ".")));
    BenchCatalog catalog = BenchCatalog.generate(run, RealNames.lastfmArtists(datasets),
        RealNames.msdTracks(datasets).tracks(), songCount, random);
    List<CatalogEvent> events = catalog.events();
    results.put("run_at", Instant.now().toString()).put("songs", catalog.songs().size())
        .put("artists", catalog.artists().size()).put("documents", events.size())
        .put("machine", Runtime.getRuntime().availableProcessors() + " cores, shared with other work");
    log("catalog: %,d songs, %,d artists", catalog.songs().size(), catalog.artists().size());

    try (HikariDataSource db = PostgresClients.dataSource(config, "bench-search", 4);
        JedisPooled redis = RedisClients.pooled(config, Duration.ofSeconds(2))) {
      double direct = directBulk(events);
      // a group of its own from the topic's end: this run's events, not a backlog
      String group = "bench-search-" + run;
      ConsumerGroups.startAtEnd(config, OutboxRelay.TOPIC, group);
      SearchPipeline pipeline = SearchPipeline.start(config, SearchIndexerApp.Settings.from(config)
          .withConsumerGroup(group));
      try {
        double throughPipeline = throughRelayAndIndexer(db, catalog, events.size());
        ObjectNode indexing = results.putObject("indexing");
        indexing.put("direct_bulk_docs_per_s", Math.round(direct)).put("relay_indexer_docs_per_s", Math.round(throughPipeline))
            .put("ratio_relay_indexer_to_direct", round(throughPipeline / direct, 3)).put("bulk_size", BULK);

        String token = apiToken();
        List<String> searchQueries = queries(catalog, queryCount, new Random(7));
        latencies("search", searchQueries, token, redis);
        latencies("suggest", prefixes(searchQueries, new Random(11)), token, redis);
        SearchBenchReport.write(results, out);
        log("figures written to %s", out.resolve("search.json"));
        if (!keep) {
          catalog.deleteWithOutbox(db);
          awaitCount(catalog.idPrefix(), 0, Duration.ofMinutes(10));
          log("removed the benchmark catalog");
        }
      } finally {
        pipeline.close();
        ConsumerGroups.delete(config, group);
      }
    } finally {
      es._transport().close();
    }
  }

  private double directBulk(List<CatalogEvent> events) throws Exception {
    String suffix = "_bench_" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> indices = Map.of("song", "songs" + suffix, "artist", "artists" + suffix, "album", "albums" + suffix);
    for (Map.Entry<String, String> e : indices.entrySet()) {
      String body = SearchIndexes.definition(e.getValue().substring(0, e.getValue().indexOf('_')));
      es.indices().create(c -> c.index(e.getValue()).withJson(new StringReader(body)));
    }
    try {
      BulkIndexer bulk = new BulkIndexer(es, WriteTargets.fixed(indices));
      long start = System.nanoTime();
      for (int i = 0; i < events.size(); i += BULK) {
        bulk.apply(events.subList(i, Math.min(events.size(), i + BULK)));
      }
      es.indices().refresh(r -> r.index(List.copyOf(indices.values())));
      double seconds = (System.nanoTime() - start) / 1e9;
      log("direct bulk: %,d documents in %.1f s = %,.0f docs/s", events.size(), seconds, events.size() / seconds);
      return events.size() / seconds;
    } finally {
      es.indices().delete(d -> d.index(List.copyOf(indices.values())).ignoreUnavailable(true));
    }
  }

  private double throughRelayAndIndexer(HikariDataSource db, BenchCatalog catalog, int documents) throws Exception {
    long writeStart = System.nanoTime();
    catalog.writeWithOutbox(db);
    long committed = System.nanoTime();
    log("catalog + outbox rows committed in %.1f s", (committed - writeStart) / 1e9);
    results.put("catalog_write_s", round((committed - writeStart) / 1e9, 1));
    awaitCount(catalog.idPrefix(), documents, Duration.ofMinutes(30));
    double seconds = (System.nanoTime() - committed) / 1e9;
    log("relay + indexer: %,d documents searchable %.1f s after the commit = %,.0f docs/s", documents, seconds,
        documents / seconds);
    return documents / seconds;
  }

  private void awaitCount(String idPrefix, long expected, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long songs = es.count(c -> c.index("songs").query(q -> q.prefix(p -> p.field("song_id").value(idPrefix)))).count();
      long artists = es.count(c -> c.index("artists").query(q -> q.prefix(p -> p.field("artist_id").value(idPrefix))))
          .count();
      if (songs + artists == expected) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + (songs + artists) + " of " + expected + " documents after " + timeout);
      }
      Thread.sleep(200); // polling Elasticsearch for the condition, with the deadline above
    }
  }

  /** Distinct queries a person types for real names in the catalog (typos, missing accents, prefixes). */
  private static List<String> queries(BenchCatalog catalog, int count, Random random) {
    Set<String> queries = new LinkedHashSet<>();
    List<BenchCatalog.Song> songs = catalog.songs();
    while (queries.size() < count) {
      BenchCatalog.Song song = songs.get(random.nextInt(Math.min(songs.size(), 5000))); // the real MSD titles
      String name = random.nextBoolean() ? song.title() : song.artist().name();
      List<QueryVariants.Variant> variants = QueryVariants.of(name, random);
      String q = variants.isEmpty() ? name : variants.get(random.nextInt(variants.size())).query();
      try {
        if (SearchText.of(q).hasTerms()) {
          queries.add(q);
        }
      } catch (IllegalArgumentException e) {
        // not a query (too long): skip
      }
    }
    return new ArrayList<>(queries);
  }

  private static List<String> prefixes(List<String> queries, Random random) {
    Set<String> prefixes = new LinkedHashSet<>();
    for (String q : queries) {
      int length = Math.min(q.length(), 3 + random.nextInt(6));
      String prefix = q.substring(0, length).strip();
      if (!prefix.isEmpty() && SearchText.of(prefix).hasTerms()) {
        prefixes.add(prefix);
      }
    }
    return new ArrayList<>(prefixes);
  }

  private void latencies(String kind, List<String> queries, String token, JedisPooled redis) throws Exception {
    boolean suggest = kind.equals("suggest");
    for (String q : queries) { // no answer from an earlier run's cache
      String n = SearchText.of(q).normalized();
      redis.del(suggest ? "suggest:" + n + "|album,artist,song|8|0" : "search:" + n + "|song|10|0");
    }
    int warmup = Math.min(50, queries.size() / 5);
    Latencies api = new Latencies();
    Latencies direct = new Latencies();
    Latencies cached = new Latencies();
    for (int i = 0; i < queries.size(); i++) {
      String q = queries.get(i);
      boolean apiFirst = i % 2 == 0; // alternate, so neither side always meets a warmer cluster
      long a = 0;
      long d = 0;
      for (int side = 0; side < 2; side++) {
        if ((side == 0) == apiFirst) {
          a = timeApi(kind, q, token);
        } else {
          d = timeDirect(suggest, q);
        }
      }
      if (i >= warmup) {
        api.add(a);
        direct.add(d);
      }
    }
    for (int i = warmup; i < queries.size(); i++) {
      cached.add(timeApi(kind, queries.get(i), token));
    }
    ObjectNode node = results.putObject(kind);
    node.put("queries", api.count()).put("warmup_queries", warmup)
        .put("api_p50_ms", round(api.percentileMs(0.5), 2)).put("api_p99_ms", round(api.percentileMs(0.99), 2))
        .put("elasticsearch_p50_ms", round(direct.percentileMs(0.5), 2))
        .put("elasticsearch_p99_ms", round(direct.percentileMs(0.99), 2))
        .put("overhead_ratio_p50", round(api.percentileMs(0.5) / direct.percentileMs(0.5), 2))
        .put("overhead_ratio_p99", round(api.percentileMs(0.99) / direct.percentileMs(0.99), 2))
        .put("api_cached_p50_ms", round(cached.percentileMs(0.5), 2))
        .put("api_cached_p99_ms", round(cached.percentileMs(0.99), 2));
    log("%s: %s", kind, node);
  }

  private long timeApi(String kind, String q, String token) throws Exception {
    String path = kind.equals("suggest") ? "/api/v1/search/suggest?limit=8&q=" : "/api/v1/search?type=song&limit=10&q=";
    HttpRequest request = HttpRequest.newBuilder(URI.create(config.api().baseUrl() + path + URLEncoder.encode(q,
        StandardCharsets.UTF_8))).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build();
    long start = System.nanoTime();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    long elapsed = System.nanoTime() - start;
    if (response.statusCode() != 200 || JSON.readTree(response.body()).path("degraded").asBoolean()) {
      throw new IllegalStateException("the API answered " + response.statusCode() + ": " + response.body());
    }
    return elapsed;
  }

  private long timeDirect(boolean suggest, String q) throws Exception {
    SearchText text = SearchText.of(q);
    long start = System.nanoTime();
    if (suggest) {
      es.search(SearchQueries.suggest(List.of("songs", "artists", "albums"), text, 8), ObjectNode.class);
    } else {
      es.search(SearchQueries.search("songs", "song", text, 10, 0), ObjectNode.class);
    }
    return System.nanoTime() - start;
  }

  private String apiToken() throws Exception {
    String email = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    String password = "bench-" + UUID.randomUUID();
    post("/api/v1/users", JSON.createObjectNode().put("email", email).put("password", password)
        .put("display_name", "Benchmark").put("subscription", "FREE"), 201);
    return post("/api/v1/auth/token", JSON.createObjectNode().put("email", email).put("password", password), 200)
        .get("access_token").asText();
  }

  private JsonNode post(String path, ObjectNode body, int expected) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(config.api().baseUrl() + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  private static double round(double value, int places) {
    double scale = Math.pow(10, places);
    return Math.round(value * scale) / scale;
  }

  private static void log(String format, Object... args) {
    System.out.printf("    " + format + "%n", args);
  }
}
