package io.harmonia.api.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.api.testing.ApiUnderTest;
import io.harmonia.api.testing.ApiUnderTest.Response;
import io.harmonia.search.events.CatalogEvent;
import io.harmonia.search.indexer.BulkIndexer;
import io.harmonia.search.indexer.WriteTargets;
import io.harmonia.search.testing.CatalogWrites;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Search and suggest through the API against the real Elasticsearch (documents of this run
 * written to the live aliases with the indexer's bulk code), Redis and PostgreSQL. Every document
 * carries a word unique to the run, and every query names it, so other data never interferes.
 */
class SearchApiIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static ApiUnderTest api;
  private static String token;
  private static String word;
  private static final List<CatalogEvent> indexed = new ArrayList<>();
  private static String beatles;
  private static String bohemian;
  private static String aceOfSpades;
  private static String quiet;
  private static String popular;
  private static String sunflowers;

  @BeforeAll
  static void indexCatalog() throws Exception {
    api = new ApiUnderTest();
    token = api.newAccount("FREE").token();
    word = CatalogWrites.uniqueWord();
    String tok = Character.toUpperCase(word.charAt(0)) + word.substring(1);
    beatles = artist("The Beatles " + tok, 0);
    String queen = artist("Queen " + tok, 0);
    String motorhead = artist("Motörhead " + tok, 0);
    sunflowers = artist(tok + " Sunflowers", 0);
    bohemian = song("Bohemian Rhapsody", queen, "Queen " + tok, 0);
    aceOfSpades = song("Ace of Spades", motorhead, "Motörhead " + tok, 0);
    quiet = song("Same Song " + tok, beatles, "The Beatles " + tok, 10);
    popular = song("Same Song " + tok, beatles, "The Beatles " + tok, 250_000);
    new BulkIndexer(api.es, WriteTargets.live(api.es)).apply(indexed);
    api.es.indices().refresh(r -> r.index("songs", "artists", "albums"));
  }

  @AfterAll
  static void removeDocuments() throws Exception {
    List<CatalogEvent> deletes = indexed.stream().map(e -> new CatalogEvent(e.entityType(), e.entityId(),
        CatalogEvent.Op.DELETE, e.version() + 1, Instant.now(), null)).toList();
    new BulkIndexer(api.es, WriteTargets.live(api.es)).apply(deletes);
    api.close();
  }

  @Test
  void aTypoInTheArtistsNameStillFindsIt() {
    JsonNode body = search("beatlse " + word, "artist").json();
    assertThat(body.get("degraded").asBoolean()).isFalse();
    assertThat(body.at("/artists/0/artist_id").asText()).isEqualTo(beatles);
    assertThat(body.get("songs")).isEmpty();
    assertThat(body.get("albums")).isEmpty();
  }

  @Test
  void theWordBeingTypedMatchesAsAPrefix() {
    JsonNode body = search("bohemian rhaps queen " + word, "song").json();
    assertThat(body.at("/songs/0/song_id").asText()).isEqualTo(bohemian);
    assertThat(body.at("/songs/0/title").asText()).isEqualTo("Bohemian Rhapsody");
    assertThat(body.at("/songs/0/artist/name").asText()).startsWith("Queen ");
  }

  @Test
  void diacriticsAreFolded() {
    assertThat(search("motorhead " + word, "song").json().at("/songs/0/song_id").asText()).isEqualTo(aceOfSpades);
  }

  @Test
  void theMorePlayedOfTwoEqualMatchesComesFirst() {
    JsonNode songs = search("same song " + word, "song").json().get("songs");
    assertThat(StreamSupport.stream(songs.spliterator(), false).map(s -> s.get("song_id").asText()).toList())
        .containsSubsequence(popular, quiet);
  }

  @Test
  void answersAreCachedUnderTheNormalizedQueryForFiveMinutes() {
    String query = "  THE   Beatles " + word.toUpperCase() + " ";
    assertThat(search(query, "artist,song").status()).isEqualTo(200);
    String key = "search:the beatles " + word + "|artist,song|10|0";
    assertThat(api.redis.ttl(key)).isBetween(1L, 300L);
  }

  @Test
  void suggestCompletesAnyWordOfANameMostPlayedFirst() {
    Response r = api.get("/api/v1/search/suggest?q=" + enc(word + " sunfl") + "&limit=5", token);
    assertThat(r.status()).isEqualTo(200);
    JsonNode first = r.json().at("/suggestions/0");
    assertThat(first.get("type").asText()).isEqualTo("artist");
    assertThat(first.get("id").asText()).isEqualTo(sunflowers);

    JsonNode songs = api.get("/api/v1/search/suggest?q=" + enc("same song " + word), token).json().get("suggestions");
    assertThat(songs.get(0).get("id").asText()).isEqualTo(popular);
    assertThat(songs.get(0).get("artist").asText()).startsWith("The Beatles");
  }

  @Test
  void badQueriesAreRefusedWithAProblemOrTakenAsPlainText() {
    for (String q : new String[] {"", "   ", "\u0000\u0001", "x".repeat(500)}) {
      Response r = api.get("/api/v1/search?q=" + enc(q), token);
      assertThat(r.status()).as("q=%s", q.length() > 20 ? q.length() + " chars" : q).isEqualTo(400);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.json().get("detail").asText()).contains("q ");
    }
    assertThat(api.get("/api/v1/search", token).status()).isEqualTo(400);
    for (String q : new String[] {"?!*&^%", "title:(", "AND OR NOT \" ~ * ? \\", "{\"query\":1}", "songs/_search",
        word + " [0 TO 9]"}) {
      Response r = api.get("/api/v1/search?q=" + enc(q), token);
      assertThat(r.status()).as("q=%s", q).isEqualTo(200);
      assertThat(r.json().has("songs")).isTrue();
    }
    for (String params : new String[] {"type=playlist", "limit=0", "limit=51", "limit=ten", "offset=-1",
        "offset=501"}) {
      assertThat(api.get("/api/v1/search?q=beatles&" + params, token).status()).as(params).isEqualTo(400);
    }
    assertThat(api.get("/api/v1/search/suggest?q=", token).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/search/suggest?q=beat&limit=21", token).status()).isEqualTo(400);
  }

  @Test
  void searchNeedsAToken() {
    assertThat(api.get("/api/v1/search?q=beatles", null).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/search/suggest?q=beat", null).status()).isEqualTo(401);
  }

  private static Response search(String q, String types) {
    Response r = api.get("/api/v1/search?q=" + enc(q) + "&type=" + types, token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String artist(String name, long plays) {
    String id = api.catalog.artist(name);
    indexed.add(new CatalogEvent("artist", id, CatalogEvent.Op.UPSERT, 1, Instant.now(),
        JSON.createObjectNode().put("artist_id", id).put("name", name).put("play_count", plays)));
    return id;
  }

  private static String song(String title, String artistId, String artistName, long plays) {
    String id = api.catalog.song(artistId, null, title, null, 200_000);
    indexed.add(new CatalogEvent("song", id, CatalogEvent.Op.UPSERT, 1, Instant.now(),
        JSON.createObjectNode().put("song_id", id).put("title", title).put("artist_id", artistId)
            .put("artist", artistName).put("duration_ms", 200_000).put("play_count", plays)));
    return id;
  }
}
