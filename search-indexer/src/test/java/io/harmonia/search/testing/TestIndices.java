package io.harmonia.search.testing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.harmonia.schemas.SearchIndexes;
import io.harmonia.search.documents.SearchDocuments;
import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Indices for one test, created from the project's definitions under names of their own
 * ({@code songs_<purpose>_<run>}), so a test never touches the live aliases nor another run's data.
 */
public final class TestIndices implements AutoCloseable {

  private final ElasticsearchClient es;
  private final Map<String, String> indexPerType = new LinkedHashMap<>();

  public TestIndices(ElasticsearchClient es, String purpose) throws IOException {
    this.es = es;
    String run = UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    for (Map.Entry<String, String> e : SearchDocuments.ALIASES.entrySet()) {
      String index = e.getValue() + "_" + purpose + "_" + run;
      String body = SearchIndexes.definition(e.getValue());
      es.indices().create(c -> c.index(index).withJson(new StringReader(body)));
      indexPerType.put(e.getKey(), index);
    }
  }

  /** Entity type → index name. */
  public Map<String, String> indexPerType() {
    return indexPerType;
  }

  public String index(String entityType) {
    return indexPerType.get(entityType);
  }

  public void refresh() throws IOException {
    es.indices().refresh(r -> r.index(String.join(",", indexPerType.values())));
  }

  @Override
  public void close() throws IOException {
    es.indices().delete(d -> d.index(String.join(",", indexPerType.values())).ignoreUnavailable(true));
  }
}
