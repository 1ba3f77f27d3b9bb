package io.harmonia.api.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.api.testing.ApiUnderTest;
import io.harmonia.api.testing.ApiUnderTest.Response;
import io.harmonia.clients.PostgresClients;
import io.harmonia.clients.RedisClients;
import io.harmonia.clients.SearchClients;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.search.testing.CatalogWrites;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Search with Elasticsearch unreachable (the API's client points at a port where nothing listens):
 * answers come from PostgreSQL trigram similarity, marked degraded, and /health says which
 * dependency is down. (The end-to-end test stops the real Elasticsearch and brings it back.)
 */
class SearchFallbackIT {

  private static ApiUnderTest api;
  private static String token;
  private static String word;
  private static String motorhead;
  private static String aceOfSpades;
  private static String beatles;
  private static String album;

  @BeforeAll
  static void start() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("HARMONIA_ES_URL", "http://127.0.0.1:1");
    HarmoniaConfig unreachable = HarmoniaConfig.of(env);
    api = new ApiUnderTest(RedisClients.pooled(HarmoniaConfig.fromEnvironment(), Duration.ofSeconds(2)),
        SearchClients.elasticsearch(unreachable, Duration.ofMillis(500), Duration.ofSeconds(1)));
    token = api.newAccount("FREE").token();
    word = CatalogWrites.uniqueWord();
    motorhead = api.catalog.artist("Motörhead " + word);
    beatles = api.catalog.artist("The Beatles " + word);
    album = api.catalog.album(motorhead, "Overkill " + word, 1979);
    aceOfSpades = api.catalog.song(motorhead, album, "Ace of Spades " + word, 1, 169_000);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void searchAnswersFromPostgresMarkedDegraded() {
    JsonNode body = search("motorhead " + word).json();
    assertThat(body.get("degraded").asBoolean()).isTrue();
    assertThat(ids(body.get("artists"), "artist_id")).contains(motorhead);
    assertThat(ids(body.get("songs"), "song_id")).contains(aceOfSpades);
    assertThat(body.at("/songs/0/album/album_id").asText()).isEqualTo(album);
  }

  @Test
  void typosAndPrefixesStillMatchInDegradedMode() {
    assertThat(ids(search("beatlse " + word).json().get("artists"), "artist_id")).contains(beatles);
    assertThat(ids(search("overkil " + word).json().get("albums"), "album_id")).contains(album);
    assertThat(ids(search("ace of spa " + word).json().get("songs"), "song_id")).contains(aceOfSpades);
  }

  @Test
  void suggestAnswersDegradedToo() {
    Response r = api.get("/api/v1/search/suggest?q=" + enc("motorhead " + word), token);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("degraded").asBoolean()).isTrue();
    assertThat(ids(r.json().get("suggestions"), "id")).contains(motorhead);
  }

  @Test
  void badQueriesAreStillNeverA500() {
    assertThat(api.get("/api/v1/search?q=" + enc("title:( %_\\"), token).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/search?q=" + enc("?!"), token).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/search?q=", token).status()).isEqualTo(400);
  }

  @Test
  void healthNamesElasticsearchAsDown() {
    Response r = api.get("/health", null);
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.json().at("/checks/elasticsearch/status").asText()).isEqualTo("DOWN");
    assertThat(r.json().at("/checks/postgres/status").asText()).isEqualTo("UP");
  }

  @Test
  void theTrigramIndexesServeTheFallbackQueries() throws Exception {
    try (HikariDataSource db = PostgresClients.dataSource(HarmoniaConfig.fromEnvironment(), "fallback-it", 1);
        Connection c = db.getConnection(); Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute("SET LOCAL enable_seqscan = off"); // the plan must be able to use the index at all
      for (String[] tableAndIndex : new String[][] {{"songs", "title", "songs_title_trgm"},
          {"artists", "name", "artists_name_trgm"}, {"albums", "title", "albums_title_trgm"}}) {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = st.executeQuery("EXPLAIN SELECT 1 FROM " + tableAndIndex[0]
            + " WHERE search_fold('beatlse') <% search_fold(" + tableAndIndex[1] + ")")) {
          while (rs.next()) {
            plan.append(rs.getString(1)).append('\n');
          }
        }
        assertThat(plan.toString()).contains(tableAndIndex[2]);
      }
      c.rollback();
    }
  }

  private static Response search(String q) {
    Response r = api.get("/api/v1/search?q=" + enc(q), token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r;
  }

  private static java.util.List<String> ids(JsonNode list, String field) {
    return StreamSupport.stream(list.spliterator(), false).map(n -> n.get(field).asText()).toList();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
