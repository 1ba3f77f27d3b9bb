package io.harmonia.system.plays;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.schemas.EventSchemas;
import io.harmonia.system.ApiClient;
import io.harmonia.system.ApiClient.Account;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plays through the real API process, the play-events pipeline on Spark as a process, Kafka and
 * Cassandra: a known mix ({@link PlayMix}) ends up stored exactly once, newest first in recently
 * played, with the malformed records in the dead-letter topic. Then the stages after Cassandra, as
 * the batch processes {@code bin/platform job} runs: the play-count recount's PostgreSQL counts and
 * each day's royalty export (manifest, CSV rows, and its check) equal the qualified unique plays.
 *
 * <p>The plays fall on two days of this run's own, decades ago (the API process is configured to
 * accept plays that old): the recount and the export read whole days, and nothing else plays then.
 */
class PlayEventsEndToEndIT {

  /** The recount's default window; the aggregator's counts are per song and window of this size. */
  private static final Duration WINDOW = Duration.ofMinutes(5);
  /** The first of the two days the plays fall on: a random day of 1990–2019. */
  private static final LocalDate FIRST_DAY = LocalDate.of(1990, 1, 1).plusDays(new Random().nextInt(30 * 365));

  static PlayPath plays;

  @BeforeAll
  static void start() {
    long maxAgeDays = ChronoUnit.DAYS.between(FIRST_DAY, LocalDate.now(ZoneOffset.UTC)) + 2;
    plays = PlayPath.start("play-events-e2e", Map.of("HARMONIA_PLAYS_MAX_AGE_DAYS", Long.toString(maxAgeDays)));
  }

  @AfterAll
  static void stop() {
    if (plays != null) {
      plays.close();
    }
  }

  @Test
  void aMixOfPlaysIsStoredOnce_shownNewestFirst_deadLettered_counted_andExportedForRoyalties() throws Exception {
    List<Catalog.Song> songs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      songs.add(plays.catalog.song("Song " + i));
    }
    Map<String, Catalog.Song> songsById = songs.stream().collect(Collectors.toMap(Catalog.Song::songId, Function.identity()));

    Instant endOfSecondDay = FIRST_DAY.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
    PlayMix.Expected expected = PlayMix.send(plays.client, plays.store, songs, 3, 24, 42, endOfSecondDay);
    assertThat(expected.days()).containsExactly(FIRST_DAY, FIRST_DAY.plusDays(1));

    await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(plays.store::everythingStored);
    assertThat(plays.pipeline().isAlive()).isTrue();

    // Cassandra: each valid play once, in both tables, as sent
    assertThat(expected.uniquePlays()).hasSize(72);
    assertThat(expected.duplicatesSent()).isPositive();
    StoredPlays.assertEachStoredExactlyOnce(plays.store, expected.uniquePlays());

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
    List<JsonNode> letters = plays.store.deadLetters(expected.malformedRecords().size());
    assertThat(letters).hasSize(expected.malformedRecords().size());
    assertThat(letters).extracting(l -> new String(Base64.getDecoder().decode(l.get("original_base64").asText()), UTF_8))
        .containsExactlyInAnyOrderElementsOf(expected.malformedRecords().stream().map(b -> new String(b, UTF_8)).toList());
    EventSchemas.Validator dlqSchema = EventSchemas.validator(EventSchemas.PLAY_EVENT_DLQ);
    for (JsonNode letter : letters) {
      JsonNode withoutKey = letter.deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) withoutKey).remove("_record_key");
      assertThat(dlqSchema.validate(withoutKey)).isEmpty();
      assertThat(letter.get("reason").asText()).isNotBlank();
      assertThat(letter.get("source_topic").asText()).isEqualTo(plays.store.input);
      assertThat(letter.get("_record_key").asText()).isEqualTo(letter.get("key").asText());
    }
    assertThat(letters).extracting(l -> l.get("reason").asText())
        .anySatisfy(r -> assertThat(r).startsWith("not JSON"))
        .anySatisfy(r -> assertThat(r).startsWith("invalid play event").contains("bitrate"))
        .anySatisfy(r -> assertThat(r).contains("does not match user_id"));

    // what the aggregator and the royalty export must count: the qualified unique plays
    long qualifiedStored = expected.listeners().stream().flatMap(l -> plays.store.playsOf(l.userId()).stream())
        .filter(p -> p.durationMs() >= Play.QUALIFYING_MS).count();
    assertThat(qualifiedStored).isEqualTo(expected.qualifiedUniquePlays());
    assertThat(expected.qualifiedUniquePlays()).isBetween(1L, 71L);

    plays.stopPipeline(); // the rest reads Cassandra only: give the batch jobs its CPU
    assertPlayCountsEqualTheQualifiedPlays(expected, songs);
    assertRoyaltyExportsEqualTheQualifiedPlays(expected, songs);
  }

  /** {@code bin/platform job play-counts} over both days: PostgreSQL holds exactly the qualified unique plays. */
  private static void assertPlayCountsEqualTheQualifiedPlays(PlayMix.Expected expected, List<Catalog.Song> songs) {
    Instant from = FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    JsonNode summary = AggregatorJobs.recount(plays.platform, from, from.plus(Duration.ofDays(2)));
    // the days read hold this test's plays and nothing else
    assertThat(summary.get("rows_read").asLong()).isEqualTo(expected.uniquePlays().size());
    assertThat(summary.get("qualified_plays").asLong()).isEqualTo(expected.qualifiedUniquePlays());
    assertThat(summary.get("unknown_song_plays").asLong()).isZero();

    Map<String, Map<Instant, Long>> byWindow = expected.qualifiedPlaysBySongAndWindow(WINDOW);
    Map<String, Long> bySong = expected.qualifiedPlaysBySong();
    long total = 0;
    for (Catalog.Song song : songs) {
      assertThat(plays.catalog.windowCounts(song.songId())).as("song_play_counts of %s", song.songId())
          .isEqualTo(byWindow.getOrDefault(song.songId(), Map.of()));
      assertThat(plays.catalog.playCount(song.songId())).as("songs.play_count of %s", song.songId())
          .isEqualTo(bySong.getOrDefault(song.songId(), 0L));
      total += plays.catalog.playCount(song.songId());
    }
    assertThat(total).isEqualTo(expected.qualifiedUniquePlays());
  }

  /**
   * {@code bin/platform job royalty-export --date D} for each day, then {@code --verify}: the
   * manifest's totals and the CSV's rows are the qualified unique plays per song and tier, and the
   * check (Parquet rows = CSV rows, sizes and SHA-256, a direct count in Cassandra) passes.
   */
  private static void assertRoyaltyExportsEqualTheQualifiedPlays(PlayMix.Expected expected, List<Catalog.Song> songs) {
    Map<String, String> artistOfSong = songs.stream().collect(Collectors.toMap(Catalog.Song::songId, Catalog.Song::artistId));
    Map<LocalDate, JsonNode> checks = AggregatorJobs.exportAndVerifyRoyalties(plays.platform, expected.days());
    long qualifiedPlays = 0;
    long msListened = 0;
    for (LocalDate day : expected.days()) {
      RoyaltyExport export = RoyaltyExport.read(plays.platform.config, day);
      List<RoyaltyRow> rows = expected.royaltiesOn(day, artistOfSong);
      assertThat(export.csvHeader()).containsExactly("day", "song_id", "artist_id", "subscription", "qualified_plays",
          "unique_listeners", "ms_listened");
      assertThat(export.csvRows()).as("royalties.csv of %s", day).containsExactlyElementsOf(rows);

      JsonNode manifest = export.manifest();
      assertThat(manifest.get("date").asText()).isEqualTo(day.toString());
      assertThat(manifest.get("row_count").asLong()).isEqualTo(rows.size());
      assertThat(manifest.at("/source/plays_read").asLong()).isEqualTo(expected.uniquePlaysOn(day));
      assertThat(manifest.at("/source/qualified_plays").asLong()).isEqualTo(rows.stream().mapToLong(RoyaltyRow::qualifiedPlays).sum());
      assertThat(manifest.at("/totals/qualified_plays").asLong()).isEqualTo(rows.stream().mapToLong(RoyaltyRow::qualifiedPlays).sum());
      assertThat(manifest.at("/totals/unique_listeners").asLong()).isEqualTo(rows.stream().mapToLong(RoyaltyRow::uniqueListeners).sum());
      assertThat(manifest.at("/totals/ms_listened").asLong()).isEqualTo(rows.stream().mapToLong(RoyaltyRow::msListened).sum());
      assertThat(manifest.at("/songs_without_artist").asLong()).isZero();
      qualifiedPlays += manifest.at("/totals/qualified_plays").asLong();
      msListened += manifest.at("/totals/ms_listened").asLong();

      JsonNode check = checks.get(day);
      assertThat(check.get("problems")).as("the check of %s", day).isEmpty();
      assertThat(check.get("ok").asBoolean()).isTrue();
      assertThat(check.at("/checked/cassandra_qualified_plays").asLong()).isEqualTo(manifest.at("/totals/qualified_plays").asLong());
    }
    assertThat(qualifiedPlays).isEqualTo(expected.qualifiedUniquePlays());
    assertThat(msListened).isEqualTo(expected.qualifiedMillisecondsListened());
  }

  private static List<JsonNode> allPages(Account listener, int limit) {
    List<JsonNode> items = new ArrayList<>();
    String cursor = null;
    do {
      ApiClient.Response page = plays.client.recentlyPlayed(listener, limit, cursor);
      assertThat(page.status()).isEqualTo(200);
      page.body().get("items").forEach(items::add);
      cursor = page.body().get("next_cursor").isNull() ? null : page.body().get("next_cursor").asText();
    } while (cursor != null && items.size() < 1000);
    return items;
  }
}
