package io.harmonia.services;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.harmonia.clients.SearchClients;
import io.harmonia.config.HarmoniaConfig;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Elasticsearch through the official Java client: documents written to the `songs` alias are
 * found with typos, without diacritics and by prefix — the custom analyzers (asciifolding,
 * edge_ngram from the project's analysis plugin) at work.
 */
class ElasticsearchIT {

  private static ElasticsearchClient es;
  // A genre unique to this run keeps the assertions to this test's documents.
  private static final String RUN = "it-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void indexSongs() throws IOException {
    es = SearchClients.elasticsearch(HarmoniaConfig.fromEnvironment());
    index("Ace of Spades", "Motörhead", "Ace of Spades");
    index("Bohemian Rhapsody", "Queen", "A Night at the Opera");
    index("Hey Jude", "The Beatles", "Hey Jude");
    index("Jóga", "Björk", "Homogenic");
    es.indices().refresh(r -> r.index("songs"));
  }

  @AfterAll
  static void removeThem() throws IOException {
    for (String id : List.of("ace", "bohemian", "hey", "joga")) {
      es.delete(d -> d.index("songs").id(RUN + "-" + id).refresh(Refresh.True));
    }
    es._transport().close();
  }

  @Test
  void aTypoInTheArtistStillFindsIt() throws IOException {
    assertThat(titles("beatlse")).first().isEqualTo("Hey Jude");
  }

  @Test
  void diacriticsAreFoldedBothWays() throws IOException {
    assertThat(titles("motorhead")).first().isEqualTo("Ace of Spades");
    assertThat(titles("bjork joga")).first().isEqualTo("Jóga");
  }

  @Test
  void theLastWordMatchesAsAPrefix() throws IOException {
    SearchResponse<Map> response = es.search(s -> s.index("songs")
        .query(q -> q.bool(b -> b
            .filter(f -> f.term(t -> t.field("genre").value(RUN)))
            .must(m -> m.multiMatch(mm -> mm.query("bohemian rhaps")
                .fields("title.prefix^3", "artist.prefix^2", "album.prefix")
                .type(TextQueryType.CrossFields).operator(Operator.And))))), Map.class);

    assertThat(response.hits().hits()).extracting(h -> h.source().get("title")).containsExactly("Bohemian Rhapsody");
  }

  private static List<Object> titles(String text) throws IOException {
    SearchResponse<Map> response = es.search(s -> s.index("songs")
        .query(q -> q.bool(b -> b
            .filter(f -> f.term(t -> t.field("genre").value(RUN)))
            .must(m -> m.multiMatch(mm -> mm.query(text).fields("title^3", "artist^2", "album").fuzziness("AUTO"))))),
        Map.class);
    return response.hits().hits().stream().map(Hit::source).map(d -> d.get("title")).toList();
  }

  private static void index(String title, String artist, String album) throws IOException {
    String id = RUN + "-" + title.split(" ")[0].toLowerCase().replace("ó", "o");
    Map<String, Object> doc = Map.of("song_id", id, "title", title, "artist", artist, "album", album,
        "genre", RUN, "play_count", 0);
    es.index(i -> i.index("songs").id(id).document(doc));
  }
}
