package io.harmonia.search.query;

import co.elastic.clients.elasticsearch._types.query_dsl.FieldValueFactorModifier;
import co.elastic.clients.elasticsearch._types.query_dsl.FunctionBoostMode;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import java.util.List;
import java.util.Map;

/**
 * The Elasticsearch requests behind search and suggest, shared by the API, the search-quality test
 * and the benchmark, so that all three measure the same thing.
 *
 * <p>Search: a {@code function_score} whose query matches the words anywhere in the entity's
 * fields, weighted title^3, artist^2, album, with {@code fuzziness: AUTO} (one typo in a word of
 * 3–5 letters, two in a longer one), OR all words as prefixes across the {@code .prefix}
 * (edge n-gram) fields, so the word still being typed matches; an exact phrase adds to the score.
 * The text score (×0.7) is added to the popularity, {@code 0.3 × log(1 + play_count)}.
 */
public final class SearchQueries {

  /** Per entity type: the text fields and their weights. */
  private static final Map<String, List<String>> FIELDS = Map.of(
      "song", List.of("title^3", "artist^2", "album"),
      "artist", List.of("name^3"),
      "album", List.of("title^3", "artist^2"));
  static final float TEXT_WEIGHT = 0.7f;
  static final double POPULARITY_WEIGHT = 0.3;

  private SearchQueries() {}

  public static SearchRequest search(String index, String entityType, SearchText text, int limit, int offset) {
    return SearchRequest.of(s -> s.index(index).from(offset).size(limit).trackTotalHits(t -> t.enabled(false))
        .query(query(entityType, text)));
  }

  public static Query query(String entityType, SearchText text) {
    List<String> fields = FIELDS.get(entityType);
    if (fields == null) {
      throw new IllegalArgumentException("unknown entity type " + entityType);
    }
    List<String> prefixFields = fields.stream().map(SearchQueries::prefixField).toList();
    String q = text.normalized();
    Query textQuery = Query.of(b -> b.bool(bool -> bool
        .should(m -> m.multiMatch(mm -> mm.query(q).fields(fields).fuzziness("AUTO")))
        .should(m -> m.multiMatch(mm -> mm.query(q).fields(prefixFields).type(TextQueryType.CrossFields)
            .operator(Operator.And)))
        .should(m -> m.multiMatch(mm -> mm.query(q).fields(fields).type(TextQueryType.Phrase)))
        .minimumShouldMatch("1")
        .boost(TEXT_WEIGHT)));
    return Query.of(f -> f.functionScore(fs -> fs
        .query(textQuery)
        .functions(fn -> fn.fieldValueFactor(v -> v.field("play_count").modifier(FieldValueFactorModifier.Log1p)
            .missing(0.0)).weight(POPULARITY_WEIGHT))
        .boostMode(FunctionBoostMode.Sum)));
  }

  /** {@code title^3} → {@code title.prefix^3}. */
  static String prefixField(String field) {
    int caret = field.indexOf('^');
    return caret < 0 ? field + ".prefix" : field.substring(0, caret) + ".prefix" + field.substring(caret);
  }

  /** Completions from the {@code suggest} field of every index, best first (each document once). */
  public static SearchRequest suggest(List<String> indices, SearchText text, int limit) {
    return SearchRequest.of(s -> s.index(indices).size(0)
        .suggest(sg -> sg.suggesters("complete", fs -> fs.prefix(text.normalized())
            .completion(c -> c.field("suggest").size(limit)
                .fuzzy(f -> f.fuzziness("AUTO").minLength(4).prefixLength(1))))));
  }
}
