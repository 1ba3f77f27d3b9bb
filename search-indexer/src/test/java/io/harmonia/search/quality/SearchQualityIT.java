package io.harmonia.search.quality;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.clients.SearchClients;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.search.bench.QueryVariants;
import io.harmonia.search.bench.RealNames;
import io.harmonia.search.events.CatalogEvent;
import io.harmonia.search.indexer.BulkIndexer;
import io.harmonia.search.indexer.WriteTargets;
import io.harmonia.search.query.SearchQueries;
import io.harmonia.search.query.SearchText;
import io.harmonia.search.testing.TestIndices;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Search quality on real names: the 17,632 Last.fm artists (with their real play totals, so
 * popularity pulls on the ranking as it does in production) and the 5,000 MSD songs, bulk-loaded
 * with the indexer's own code into indices of this run; then, for a fixed-seed sample of them,
 * the queries a person types ({@link QueryVariants}), searched with the API's own query
 * ({@link SearchQueries}). Reports the share of queries whose target is in the top 3 and the mean
 * reciprocal rank (over the top 10), and prints every miss.
 *
 * <p>A result counts as the target when its name folds (case, diacritics, spaces) to the target's:
 * names that are the same text cannot be told apart by any query.
 */
class SearchQualityIT {

  private static final int SAMPLE_PER_KIND = 200;
  private static final long SEED = 20111;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ElasticsearchClient es;
  private static TestIndices indices;
  private static List<RealNames.Artist> artists;
  private static List<RealNames.Track> tracks;

  @BeforeAll
  static void loadRealNames() throws Exception {
    es = SearchClients.elasticsearch(HarmoniaConfig.fromEnvironment());
    indices = new TestIndices(es, "quality");
    Path datasets = RealNames.datasets(Path.of("").toAbsolutePath().getParent());
    artists = RealNames.lastfmArtists(datasets);
    RealNames.Tracks read = RealNames.msdTracks(datasets);
    tracks = read.tracks();
    System.out.printf("read %d artists, %d tracks (%d lines recoded from Windows-1252, %d malformed)%n",
        artists.size(), tracks.size(), read.recodedLines(), read.malformedLines());

    long start = System.nanoTime();
    BulkIndexer bulk = new BulkIndexer(es, WriteTargets.fixed(indices.indexPerType()));
    List<CatalogEvent> batch = new ArrayList<>();
    for (RealNames.Artist a : artists) {
      ObjectNode doc = JSON.createObjectNode().put("artist_id", "lfm-" + a.id()).put("name", a.name())
          .put("play_count", a.plays());
      batch.add(new CatalogEvent("artist", "lfm-" + a.id(), CatalogEvent.Op.UPSERT, 1, Instant.now(), doc));
    }
    for (RealNames.Track t : tracks) {
      ObjectNode doc = JSON.createObjectNode().put("song_id", t.id()).put("title", t.title())
          .put("artist_id", "msd-artist").put("artist", t.artist()).put("duration_ms", 200000).put("play_count", 0);
      batch.add(new CatalogEvent("song", t.id(), CatalogEvent.Op.UPSERT, 1, Instant.now(), doc));
    }
    for (int i = 0; i < batch.size(); i += 2000) {
      bulk.apply(batch.subList(i, Math.min(batch.size(), i + 2000)));
    }
    indices.refresh();
    System.out.printf("indexed %d documents in %.1f s%n", batch.size(), (System.nanoTime() - start) / 1e9);
  }

  @AfterAll
  static void dropIndices() throws Exception {
    indices.close();
    es._transport().close();
  }

  record Case(String entityType, String target, QueryVariants.Variant variant) {}

  @Test
  void typedQueriesFindTheirTargetInTheTopThree() throws Exception {
    List<Case> cases = cases();
    long start = System.nanoTime();
    int inTop3 = 0;
    double reciprocalRanks = 0;
    Map<QueryVariants.Kind, int[]> perKind = new EnumMap<>(QueryVariants.Kind.class);
    List<String> misses = new ArrayList<>();
    for (Case c : cases) {
      int rank = rank(c);
      int[] kind = perKind.computeIfAbsent(c.variant().kind(), k -> new int[2]);
      kind[1]++;
      if (rank >= 1 && rank <= 3) {
        inTop3++;
        kind[0]++;
      } else {
        misses.add(String.format("%-6s %-13s %-40s -> %s (rank %s)", c.entityType(), c.variant().kind(),
            "\"" + c.variant().query() + "\"", c.target(), rank < 0 ? ">10" : rank));
      }
      if (rank > 0) {
        reciprocalRanks += 1.0 / rank;
      }
    }
    double share = (double) inTop3 / cases.size();
    double mrr = reciprocalRanks / cases.size();
    System.out.printf("search quality: %d queries (%.1f s), share in top 3 = %.3f, MRR@10 = %.3f%n", cases.size(),
        (System.nanoTime() - start) / 1e9, share, mrr);
    perKind.forEach((k, v) -> System.out.printf("  %-13s %d/%d = %.3f%n", k, v[0], v[1], (double) v[0] / v[1]));
    System.out.println("misses (" + misses.size() + "):");
    misses.forEach(m -> System.out.println("  " + m));

    assertThat(share).as("share of queries with the target in the top 3").isGreaterThanOrEqualTo(0.95);
  }

  private static List<Case> cases() {
    Random random = new Random(SEED);
    List<RealNames.Artist> artistSample = new ArrayList<>(artists);
    Collections.shuffle(artistSample, random);
    List<RealNames.Track> trackSample = new ArrayList<>(tracks);
    Collections.shuffle(trackSample, random);
    List<Case> cases = new ArrayList<>();
    for (RealNames.Artist a : artistSample.subList(0, SAMPLE_PER_KIND)) {
      QueryVariants.of(a.name(), random).forEach(v -> cases.add(new Case("artist", a.name(), v)));
    }
    for (RealNames.Track t : trackSample.subList(0, SAMPLE_PER_KIND)) {
      QueryVariants.of(t.title(), random).forEach(v -> cases.add(new Case("song", t.title(), v)));
    }
    return cases;
  }

  /** 1-based rank of the first result named like the target within the top 10; -1 when absent. */
  private static int rank(Case c) throws Exception {
    SearchText text;
    try {
      text = SearchText.of(c.variant().query());
    } catch (IllegalArgumentException e) {
      return -1;
    }
    SearchResponse<ObjectNode> response = es.search(
        SearchQueries.search(indices.index(c.entityType()), c.entityType(), text, 10, 0), ObjectNode.class);
    String field = c.entityType().equals("artist") ? "name" : "title";
    List<Hit<ObjectNode>> hits = response.hits().hits();
    for (int i = 0; i < hits.size(); i++) {
      if (fold(hits.get(i).source().path(field).asText()).equals(fold(c.target()))) {
        return i + 1;
      }
    }
    return -1;
  }

  static String fold(String name) {
    return QueryVariants.withoutDiacritics(name).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
  }
}
