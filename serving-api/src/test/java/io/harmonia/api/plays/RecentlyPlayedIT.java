package io.harmonia.api.plays;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.api.testing.ApiUnderTest;
import io.harmonia.api.testing.ApiUnderTest.Account;
import io.harmonia.api.testing.ApiUnderTest.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recently played from the real Cassandra. The rows are written here the way the play-events
 * pipeline writes them (the pipeline has its own tests; the system tests run both together).
 */
class RecentlyPlayedIT {

  static ApiUnderTest api;
  static String artist;
  static String album;
  static PreparedStatement insert;

  @BeforeAll
  static void start() {
    api = new ApiUnderTest();
    artist = api.catalog.artist("Alice Coltrane");
    album = api.catalog.album(artist, "Journey in Satchidananda", 1971);
    insert = session().prepare("INSERT INTO plays_by_user (user_id, played_at, event_id, song_id, duration_ms,"
        + " bitrate, subscription, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  static CqlSession session() {
    return api.plays.cassandra().session();
  }

  record Stored(UUID eventId, Instant playedAt, String songId) {}

  static Stored play(String userId, String songId, Instant playedAt) {
    UUID id = UUID.randomUUID();
    session().execute(insert.bind(userId, playedAt, id, songId, 200_000, 256, "FREE", playedAt.plusSeconds(200)));
    return new Stored(id, playedAt, songId);
  }

  private static Response page(Account account, Integer limit, String cursor) {
    StringBuilder path = new StringBuilder("/api/v1/me/recently-played?");
    if (limit != null) {
      path.append("limit=").append(limit).append('&');
    }
    if (cursor != null) {
      path.append("before=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    }
    return api.get(path.toString(), account.token());
  }

  @Test
  void theCallersPlaysComeNewestFirstWithTheSongsDisplayMetadata() {
    Account me = api.newAccount("FREE");
    Account someoneElse = api.newAccount("FREE");
    String song = api.catalog.song(artist, album, "Shiva-Loka", 1, 400_000, 256);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Stored older = play(me.userId(), song, now.minusSeconds(3600));
    Stored newer = play(me.userId(), song, now.minusSeconds(60));
    play(someoneElse.userId(), song, now.minusSeconds(30));

    Response r = page(me, null, null);

    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode items = r.json().get("items");
    assertThat(items).hasSize(2);
    assertThat(items.get(0).get("event_id").asText()).isEqualTo(newer.eventId().toString());
    assertThat(items.get(1).get("event_id").asText()).isEqualTo(older.eventId().toString());
    JsonNode first = items.get(0);
    assertThat(Instant.parse(first.get("played_at").asText())).isEqualTo(newer.playedAt());
    assertThat(first.get("song_id").asText()).isEqualTo(song);
    assertThat(first.get("duration_ms").asInt()).isEqualTo(200_000);
    assertThat(first.get("bitrate").asInt()).isEqualTo(256);
    assertThat(first.at("/song/title").asText()).isEqualTo("Shiva-Loka");
    assertThat(first.at("/song/artist").asText()).isEqualTo("Alice Coltrane");
    assertThat(first.at("/song/album").asText()).isEqualTo("Journey in Satchidananda");
    assertThat(r.json().get("next_cursor").isNull()).isTrue();
  }

  @Test
  void pagesFollowTheCursorThroughEveryPlayOnce_evenPlaysThatStartedInTheSameMillisecond() {
    Account me = api.newAccount("PREMIUM");
    String song = api.catalog.song(artist, album, "Something About John Coltrane", 2, 600_000, 128);
    Instant base = Instant.now().minusSeconds(7200).truncatedTo(ChronoUnit.MILLIS);
    List<Stored> stored = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      stored.add(play(me.userId(), song, base.plusSeconds(i * 60L)));
    }
    for (int i = 0; i < 3; i++) { // three plays at the same instant: the cursor must not skip or repeat them
      stored.add(play(me.userId(), song, base.plusSeconds(120)));
    }

    List<String> seen = new ArrayList<>();
    List<Instant> times = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Response r = page(me, 2, cursor);
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      r.json().get("items").forEach(item -> {
        seen.add(item.get("event_id").asText());
        times.add(Instant.parse(item.get("played_at").asText()));
      });
      cursor = r.json().get("next_cursor").isNull() ? null : r.json().get("next_cursor").asText();
      pages++;
    } while (cursor != null && pages < 10);

    assertThat(pages).isEqualTo(4);
    assertThat(seen).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(stored.stream().map(s -> s.eventId().toString()).toList());
    assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
  }

  @Test
  void eachPlayShowsWhetherItCountsForRoyaltiesAndTheRuleItFailed_rowsFromBeforeVerdictsByTheirOldRule() {
    Account me = api.newAccount("FREE");
    String song = api.catalog.song(artist, album, "Shiva-Loka", 3, 400_000, 128);
    Instant t = Instant.now().minusSeconds(7200).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    var withVerdict = session().prepare("INSERT INTO plays_by_user (user_id, played_at, event_id, song_id, duration_ms,"
        + " bitrate, subscription, received_at, play_id, qualified, rule) VALUES (?, ?, ?, ?, ?, 128, 'FREE', ?, ?, ?, ?)");
    session().execute(withVerdict.bind(me.userId(), t.plusSeconds(300), UUID.randomUUID(), song, 45_000, t.plusSeconds(400),
        "p1.x", true, null));
    session().execute(withVerdict.bind(me.userId(), t.plusSeconds(200), UUID.randomUUID(), song, 45_000, t.plusSeconds(400),
        null, false, "no-play-id"));
    session().execute(insert.bind(me.userId(), t.plusSeconds(100), UUID.randomUUID(), song, 31_000, 128, "FREE", t.plusSeconds(140)));
    session().execute(insert.bind(me.userId(), t, UUID.randomUUID(), song, 12_000, 128, "FREE", t.plusSeconds(20)));

    List<String> verdicts = new ArrayList<>();
    page(me, null, null).json().get("items").forEach(item ->
        verdicts.add(item.get("qualified").asBoolean() + "/" + item.get("rule").asText("null")));

    assertThat(verdicts).containsExactly("true/null", "false/no-play-id", "true/null", "false/too-short");
  }

  @Test
  void aListenerWithoutPlaysGetsAnEmptyPage_andASongGoneFromTheCatalogHasNoMetadata() {
    Account me = api.newAccount("FREE");
    Response empty = page(me, null, null);
    assertThat(empty.status()).isEqualTo(200);
    assertThat(empty.json().get("items")).isEmpty();
    assertThat(empty.json().get("next_cursor").isNull()).isTrue();

    play(me.userId(), "s-not-in-the-catalog-" + UUID.randomUUID().toString().substring(0, 8), Instant.now().minusSeconds(10));
    Response r = page(me, 10, null);
    assertThat(r.json().get("items")).hasSize(1);
    assertThat(r.json().at("/items/0/song").isNull()).isTrue();
  }

  @Test
  void badParametersAre400s() {
    Account me = api.newAccount("FREE");
    for (String query : List.of("limit=0", "limit=201", "limit=ten", "before=%21%21notacursor", "before=bm9wZQ")) {
      Response r = api.get("/api/v1/me/recently-played?" + query, me.token());
      assertThat(r.status()).as(query).isEqualTo(400);
      assertThat(r.contentType()).startsWith("application/problem+json");
    }
    assertThat(api.get("/api/v1/me/recently-played", null).status()).isEqualTo(401);
  }
}
