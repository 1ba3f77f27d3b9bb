package io.harmonia.system.plays;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.schemas.EventSchemas;
import io.harmonia.system.ApiClient;
import io.harmonia.system.ApiClient.Account;
import io.harmonia.system.ApiProcess;
import io.harmonia.system.ModuleProcess;
import io.harmonia.system.Platform;
import io.harmonia.system.PlayPipelineProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plays through the real API process, the play-events pipeline on Spark as a process, Kafka and
 * Cassandra: a known mix ({@link PlayMix}) ends up stored exactly once, newest first in recently
 * played, with the malformed records in the dead-letter topic.
 *
 * <p>Extension point for the stages after Cassandra: {@link PlayMix.Expected} gives the qualified
 * unique plays (in total, per song, milliseconds listened) that the aggregator's PostgreSQL counts
 * and the royalty export must equal; start their processes next to these and compare.
 */
class PlayEventsEndToEndIT {

  static Platform platform;
  static PlayStore store;
  static Catalog catalog;
  static ApiProcess api;
  static ModuleProcess pipeline;
  static ApiClient client;

  @BeforeAll
  static void start() {
    platform = new Platform();
    store = new PlayStore(platform.config, "play-events-e2e");
    catalog = new Catalog(platform.config);
    api = ApiProcess.start(platform, store.input);
    pipeline = PlayPipelineProcess.start(platform, store.input, store.deadLetters, store.group);
    client = new ApiClient(api.baseUrl);
  }

  @AfterAll
  static void stop() {
    if (pipeline != null) {
      pipeline.close();
    }
    if (api != null) {
      api.close();
    }
    catalog.close();
    store.close();
  }

  @Test
  void aMixOfPlaysIsStoredOnce_shownNewestFirst_andTheMalformedAreDeadLetteredWithReasons() throws Exception {
    List<Catalog.Song> songs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      songs.add(catalog.song("Song " + i));
    }
    Map<String, Catalog.Song> songsById = songs.stream().collect(Collectors.toMap(Catalog.Song::songId, Function.identity()));

    PlayMix.Expected expected = PlayMix.send(client, store, songs, 3, 24, 42);

    await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(store::everythingStored);
    assertThat(pipeline.isAlive()).isTrue();

    // Cassandra: each valid play once, in both tables, as sent
    assertThat(expected.uniquePlays()).hasSize(72);
    assertThat(expected.duplicatesSent()).isPositive();
    StoredPlays.assertEachStoredExactlyOnce(store, expected.uniquePlays());

    // recently played: every play, newest first, page after page, with the song's metadata
    for (Account listener : expected.listeners()) {
      List<Play> mine = expected.playsOf(listener.userId());
      List<JsonNode> items = allPages(listener, 7);
      assertThat(items).extracting(i -> i.get("event_id").asText()).containsExactlyElementsOf(mine.stream().map(Play::eventId).toList());
      for (int i = 0; i < items.size(); i++) {
        JsonNode item = items.get(i);
        Catalog.Song song = songsById.get(mine.get(i).songId());
        assertThat(Instant.parse(item.get("played_at").asText())).isEqualTo(mine.get(i).playedAt());
        assertThat(item.get("duration_ms").asLong()).isEqualTo(mine.get(i).durationMs());
        assertThat(item.at("/song/title").asText()).isEqualTo(song.title());
        assertThat(item.at("/song/artist").asText()).isEqualTo(song.artist());
        assertThat(item.at("/song/album").asText()).isEqualTo(song.album());
      }
    }

    // the dead-letter topic: exactly the malformed records, bytes untouched, each with its reason
    List<JsonNode> letters = store.deadLetters(expected.malformedRecords().size());
    assertThat(letters).hasSize(expected.malformedRecords().size());
    assertThat(letters).extracting(l -> new String(Base64.getDecoder().decode(l.get("original_base64").asText()), UTF_8))
        .containsExactlyInAnyOrderElementsOf(expected.malformedRecords().stream().map(b -> new String(b, UTF_8)).toList());
    EventSchemas.Validator dlqSchema = EventSchemas.validator(EventSchemas.PLAY_EVENT_DLQ);
    for (JsonNode letter : letters) {
      JsonNode withoutKey = letter.deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) withoutKey).remove("_record_key");
      assertThat(dlqSchema.validate(withoutKey)).isEmpty();
      assertThat(letter.get("reason").asText()).isNotBlank();
      assertThat(letter.get("source_topic").asText()).isEqualTo(store.input);
      assertThat(letter.get("_record_key").asText()).isEqualTo(letter.get("key").asText());
    }
    assertThat(letters).extracting(l -> l.get("reason").asText())
        .anySatisfy(r -> assertThat(r).startsWith("not JSON"))
        .anySatisfy(r -> assertThat(r).startsWith("invalid play event").contains("bitrate"))
        .anySatisfy(r -> assertThat(r).contains("does not match user_id"));

    // what the aggregator and the royalty export must count: the qualified unique plays
    long qualifiedStored = expected.listeners().stream().flatMap(l -> store.playsOf(l.userId()).stream())
        .filter(p -> p.durationMs() >= Play.QUALIFYING_MS).count();
    assertThat(qualifiedStored).isEqualTo(expected.qualifiedUniquePlays());
    assertThat(expected.qualifiedUniquePlays()).isBetween(1L, 71L);
  }

  private static List<JsonNode> allPages(Account listener, int limit) {
    List<JsonNode> items = new ArrayList<>();
    String cursor = null;
    do {
      ApiClient.Response page = client.recentlyPlayed(listener, limit, cursor);
      assertThat(page.status()).isEqualTo(200);
      page.body().get("items").forEach(items::add);
      cursor = page.body().get("next_cursor").isNull() ? null : page.body().get("next_cursor").asText();
    } while (cursor != null && items.size() < 1000);
    return items;
  }
}
