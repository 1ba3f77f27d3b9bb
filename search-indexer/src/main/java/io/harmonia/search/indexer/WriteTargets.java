package io.harmonia.search.indexer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.harmonia.search.documents.SearchDocuments;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the indexer writes each entity type's documents.
 *
 * <p>Normally the type's alias ({@code songs}). While a full reindex builds the next index, that
 * index also stands behind a build alias ({@code songs_reindex}) and gets every write too, so that
 * events arriving during the build reach both the index searched now and the one searched next.
 * The build alias is looked up before every bulk: an event the indexer consumes was committed
 * after the reindex took its snapshot only if the build alias existed by then (the reindex creates
 * it first), so no event falls between the two indices.
 */
public interface WriteTargets {

  /** The names to write one entity type's documents to, for the next bulk. */
  Map<String, List<String>> resolve() throws IOException;

  /** Whether the names are aliases (the bulk then refuses to auto-create a concrete index). */
  boolean aliases();

  String BUILD_SUFFIX = "_reindex";

  static String buildAlias(String alias) {
    return alias + BUILD_SUFFIX;
  }

  /** The live aliases, plus the build aliases of a reindex in progress. */
  static WriteTargets live(ElasticsearchClient es) {
    return new WriteTargets() {
      @Override
      public Map<String, List<String>> resolve() throws IOException {
        Set<String> building = new TreeSet<>();
        es.indices().getAlias(g -> g.name("*" + BUILD_SUFFIX)).aliases()
            .forEach((index, aliases) -> building.addAll(aliases.aliases().keySet()));
        Map<String, List<String>> targets = new HashMap<>();
        SearchDocuments.ALIASES.forEach((type, alias) -> {
          List<String> names = new ArrayList<>(List.of(alias));
          if (building.contains(buildAlias(alias))) {
            names.add(buildAlias(alias));
          }
          targets.put(type, names);
        });
        return targets;
      }

      @Override
      public boolean aliases() {
        return true;
      }
    };
  }

  /** Fixed index names per entity type (tests, benchmarks, the reindex's own bulk load). */
  static WriteTargets fixed(Map<String, String> indexPerType) {
    Map<String, List<String>> targets = new HashMap<>();
    indexPerType.forEach((type, index) -> targets.put(type, List.of(index)));
    return new WriteTargets() {
      @Override
      public Map<String, List<String>> resolve() {
        return targets;
      }

      @Override
      public boolean aliases() {
        return false;
      }
    };
  }
}
