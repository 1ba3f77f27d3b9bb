package io.harmonia.schemas;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.indices.GetAliasResponse;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.clients.SearchClients;
import io.harmonia.config.HarmoniaConfig;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Elasticsearch: each {@code elasticsearch/<alias>.json} (settings and mappings) becomes a
 * versioned index {@code <alias>_v<n>} behind the alias {@code <alias>}. Readers and writers use
 * only the alias, so a reindex can build {@code <alias>_v<n+1>} and switch the alias atomically.
 *
 * <p>The definition's SHA-256 is stored in the index's {@code _meta}; when the file has changed
 * since the live index was built, this says so (the change takes effect with a reindex).
 */
public final class SearchIndexes {

  public static final String META_DEFINITION_SHA = "definition_sha256";
  private static final ObjectMapper JSON = new ObjectMapper();

  private SearchIndexes() {}

  /** The aliases this project defines: one per index definition file. */
  public static List<String> aliases() {
    return ClasspathResources.list("elasticsearch", ".json").stream()
        .map(f -> f.substring(0, f.length() - ".json".length()))
        .toList();
  }

  /** The definition of an alias's index, with its checksum in {@code mappings._meta}. */
  public static String definition(String alias) {
    String text = ClasspathResources.read("elasticsearch/" + alias + ".json");
    try {
      ObjectNode body = (ObjectNode) JSON.readTree(text);
      ObjectNode mappings = body.has("mappings") ? (ObjectNode) body.get("mappings") : body.putObject("mappings");
      ObjectNode meta = mappings.has("_meta") ? (ObjectNode) mappings.get("_meta") : mappings.putObject("_meta");
      meta.put(META_DEFINITION_SHA, ClasspathResources.sha256(text));
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException("elasticsearch/" + alias + ".json is not valid JSON", e);
    }
  }

  /** Creates the next versioned index of an alias from its definition (not yet behind the alias). */
  public static String createNextIndex(ElasticsearchClient client, String alias) throws IOException {
    int next = 1;
    Pattern versioned = Pattern.compile(Pattern.quote(alias) + "_v(\\d+)");
    for (String index : client.indices().get(g -> g.index(alias + "_v*").allowNoIndices(true)).indices().keySet()) {
      Matcher m = versioned.matcher(index);
      if (m.matches()) {
        next = Math.max(next, Integer.parseInt(m.group(1)) + 1);
      }
    }
    String index = alias + "_v" + next;
    String body = definition(alias);
    client.indices().create(c -> c.index(index).withJson(new StringReader(body)));
    return index;
  }

  /** The indices the alias points at (empty when the alias does not exist). */
  public static List<String> indicesBehind(ElasticsearchClient client, String alias) throws IOException {
    if (!client.indices().existsAlias(a -> a.name(alias)).value()) {
      return List.of();
    }
    GetAliasResponse response = client.indices().getAlias(a -> a.name(alias));
    return new ArrayList<>(response.aliases().keySet());
  }

  static String apply(HarmoniaConfig config) throws IOException {
    ElasticsearchClient client = SearchClients.elasticsearch(config);
    try {
      List<String> report = new ArrayList<>();
      for (String alias : aliases()) {
        report.add(applyOne(client, alias));
      }
      return String.join("; ", report);
    } finally {
      client._transport().close();
    }
  }

  private static String applyOne(ElasticsearchClient client, String alias) throws IOException {
    List<String> live = indicesBehind(client, alias);
    if (live.isEmpty()) {
      if (client.indices().exists(e -> e.index(alias)).value()) {
        throw new IllegalStateException("an index (not an alias) named '" + alias
            + "' exists, probably auto-created by a write before the schemas were applied; delete it");
      }
      String index;
      try {
        index = createNextIndex(client, alias);
      } catch (ElasticsearchException e) {
        // another ApplySchemas created it a moment ago
        if (!indicesBehind(client, alias).isEmpty()) {
          return alias + " -> " + indicesBehind(client, alias);
        }
        throw e;
      }
      client.indices().updateAliases(u -> u.actions(a -> a.add(add -> add.index(index).alias(alias))));
      return alias + " -> " + index + " (created)";
    }
    String index = live.get(0);
    Map<String, JsonData> meta = client.indices().getMapping(m -> m.index(index)).mappings().get(index).mappings().meta();
    String liveSha = meta == null || meta.get(META_DEFINITION_SHA) == null ? "" : meta.get(META_DEFINITION_SHA).to(String.class);
    String fileSha = ClasspathResources.sha256(ClasspathResources.read("elasticsearch/" + alias + ".json"));
    if (!liveSha.equals(fileSha)) {
      return alias + " -> " + index + " (definition changed since it was built: run `bin/platform job reindex`)";
    }
    return alias + " -> " + index;
  }
}
