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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plays through the real API process, the play-events pipeline on Spark as a process, Kafka and
 * Cassandra: a known mix ({@link PlayMix}) ends up stored exactly once with its royalty verdict,
 * newest first in recently played, with the malformed records in the dead-letter topic; every
 * qualified play is qualified once, with its play_id. Then the stages after Cassandra, as the batch
 * processes {@code bin/platform job} runs: the play-count recount's PostgreSQL counts and each day's
 * royalty export (manifest, CSV rows, and its check) equal the qualified unique plays.
 *
 * <p>The backdated plays (no play_id: stored, never paid) fall on two days of this run's own,
 * decades ago (the API process is configured to accept plays that old): the recount and the export
 * read whole days, and nothing else plays then. The royalty-bearing plays are played now — a
 * play_id ties a play to the API's clock —, so their day is shared with whatever else plays today:
 * there, the test's own songs' rows are compared.
 */
class PlayEventsEndToEndIT {

  /** The recount's default window; the aggregator's counts are per song and window of this size. */
  private static final Duration WINDOW = Duration.ofMinutes(5);
  /** The first of the two days the plays fall on: a random day of 1990–2019. */
  private static final LocalDate FIRST_DAY = LocalDate.of(1990, 1, 1).plusDays(new Random().nextInt(30 * 365));

  /** Listeners, playbacks each (one of them a skip), backdated plays each. */
  private static final int LISTENERS = 6;
  private static final int PLAYBACKS = 4;
  private static final int BACKDATED = 12;

  static PlayPath plays;
  static List<Catalog.Song> songs = new ArrayList<>();
  static PlayMix.Listeners listeners;

  @BeforeAll
  static void start() {
    long maxAgeDays = ChronoUnit.DAYS.between(FIRST_DAY, LocalDate.now(ZoneOffset.UTC)) + 2;
    plays = PlayPath.start("play-events-e2e", Map.of("HARMONIA_PLAYS_MAX_AGE_DAYS", Long.toString(maxAgeDays)), path -> {
      for (int i = 0; i < 6; i++) {
        songs.add(path.catalog.song("Song " + i));
      }
      // the playbacks start now; their plays are heard while the pipeline starts
      listeners = PlayMix.startPlaybacks(path.client, songs, LISTENERS, PLAYBACKS, 42);
    });
  }

  @AfterAll
  static void stop() {
    if (plays != null) {
      plays.close();
    }
  }

  @Test
  void aMixOfPlaysIsStoredOnce_shownNewestFirst_deadLettered_counted_andExportedForRoyalties() throws Exception {
    Map<String, Catalog.Song> songsById = songs.stream().collect(Collectors.toMap(Catalog.Song::songId, Function.identity()));

    Instant endOfSecondDay = FIRST_DAY.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
    PlayMix.Expected expected = PlayMix.send(plays.client, plays.store, songs, listeners, BACKDATED, 42, endOfSecondDay);
    SortedSet<LocalDate> backdatedDays = new TreeSet<>(List.of(FIRST_DAY, FIRST_DAY.plusDays(1)));
    SortedSet<LocalDate> allDays = new TreeSet<>(backdatedDays);
    allDays.addAll(expected.playIdDays());
    assertThat(expected.days()).containsExactlyElementsOf(allDays);
    assertThat(expected.playIdDays()).doesNotContainAnyElementsOf(backdatedDays);

    await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(plays.store::everythingStored);
    assertThat(plays.pipeline().isAlive()).isTrue();

    // Cassandra: each valid play once, in both tables, as sent, with its verdict; each qualified play once
    assertThat(expected.uniquePlays()).hasSize(LISTENERS * (BACKDATED + PLAYBACKS));
    assertThat(expected.verdictCounts()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "qualified", (long) LISTENERS * (PLAYBACKS - 1), "too-short", (long) LISTENERS,
        "no-play-id", (long) LISTENERS * BACKDATED));
    assertThat(expected.duplicatesSent()).isPositive();
    StoredPlays.assertEachStoredExactlyOnce(plays.store, expected.uniquePlays());

    // recently played: every play, newest first, page after page, with the song's metadata
    for (Account listener : expected.listeners()) {
      List<Play> mine = expected.playsOf(listener.userId());
      List<JsonNode> items = allPages(listener, 7);
      assertThat(items).extracting(i -> i.get("event_id").asText())
          .containsExactlyElementsOf(mine.stream().map(p -> p.storedEventId().toString()).toList());
      for (int i = 0; i < items.size(); i++) {
        JsonNode item = items.get(i);
        Catalog.Song song = songsById.get(mine.get(i).songId());
        assertThat(Instant.parse(item.get("played_at").asText())).isEqualTo(mine.get(i).playedAt());
        assertThat(item.get("duration_ms").asLong()).isEqualTo(mine.get(i).durationMs());
        assertThat(item.path("qualified").asBoolean()).as("qualified of %s", item).isEqualTo(mine.get(i).qualified());
        assertThat(item.hasNonNull("rule") ? item.get("rule").asText() : null).as("rule of %s", item)
            .isEqualTo(mine.get(i).rule());
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
        .filter(p -> Boolean.TRUE.equals(p.qualified())).count();
    assertThat(qualifiedStored).isEqualTo(expected.qualifiedUniquePlays());

    plays.stopPipeline(); // the rest reads Cassandra only: give the batch jobs its CPU
    Map<String, String> artistOfSong = songs.stream().collect(Collectors.toMap(Catalog.Song::songId, Catalog.Song::artistId));
    // the day of the royalty-bearing plays first: its rows hold under the old rule (>= 30 s) and the new one
    assertPlayCountsEqualTheQualifiedPlays(expected, expected.playIdDays(), false, false);
    assertRoyaltyExportsOfTheTestsSongs(expected, expected.playIdDays(), artistOfSong);
    // then the backdated days: whole days of this test's alone; none of their plays is paid
    assertPlayCountsEqualTheQualifiedPlays(expected, backdatedDays, true, true);
    assertWholeDayRoyaltyExports(expected, backdatedDays, artistOfSong);
  }

  /**
   * {@code bin/platform job play-counts} over the days: PostgreSQL holds exactly the qualified unique
   * plays of the test's songs per window of those days; once every day has been recounted
   * ({@code allRecounted}), {@code songs.play_count} too (the recount replaces its range;
   * {@code play_count} sums all of a song's windows). Days of the test's own ({@code ownDays}) hold
   * nothing else: the recount's summary is exact there.
   */
  private static void assertPlayCountsEqualTheQualifiedPlays(PlayMix.Expected expected, SortedSet<LocalDate> days,
      boolean ownDays, boolean allRecounted) {
    Instant from = days.first().atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to = days.last().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    JsonNode summary = AggregatorJobs.recount(plays.platform, from, to);
    if (ownDays) {
      // a shared day (today) also holds the other test classes' plays, of songs they may have removed
      assertThat(summary.get("unknown_song_plays").asLong()).isZero();
      long read = days.stream().mapToLong(expected::uniquePlaysOn).sum();
      long qualified = expected.uniquePlays().stream().filter(Play::qualified)
          .filter(p -> days.contains(LocalDate.ofInstant(p.playedAt(), ZoneOffset.UTC))).count();
      assertThat(summary.get("rows_read").asLong()).isEqualTo(read);
      assertThat(summary.get("qualified_plays").asLong()).as("the recount counts the qualified plays only")
          .isEqualTo(qualified);
    }
    Map<String, Map<Instant, Long>> byWindow = expected.qualifiedPlaysBySongAndWindow(WINDOW);
    Map<String, Long> bySong = expected.qualifiedPlaysBySong();
    long total = 0;
    for (Catalog.Song song : songs) {
      Map<Instant, Long> windows = new HashMap<>(byWindow.getOrDefault(song.songId(), Map.of()));
      windows.keySet().removeIf(w -> w.isBefore(from) || !w.isBefore(to));
      Map<Instant, Long> stored = new HashMap<>(plays.catalog.windowCounts(song.songId()));
      stored.keySet().removeIf(w -> w.isBefore(from) || !w.isBefore(to));
      assertThat(stored).as("song_play_counts of %s from %s to %s", song.songId(), from, to).isEqualTo(windows);
      total += plays.catalog.playCount(song.songId());
    }
    if (allRecounted) {
      for (Catalog.Song song : songs) {
        assertThat(plays.catalog.playCount(song.songId())).as("songs.play_count of %s", song.songId())
            .isEqualTo(bySong.getOrDefault(song.songId(), 0L));
      }
      assertThat(total).isEqualTo(expected.qualifiedUniquePlays());
    }
  }

  /**
   * The export of a day shared with other plays (today's): its rows of the test's songs are the
   * qualified unique plays of the test's listeners, per song and tier; the check passes.
   */
  private static void assertRoyaltyExportsOfTheTestsSongs(PlayMix.Expected expected, SortedSet<LocalDate> days,
      Map<String, String> artistOfSong) {
    Map<LocalDate, JsonNode> checks = AggregatorJobs.exportAndVerifyRoyalties(plays.platform, days);
    long qualifiedPlays = 0;
    for (LocalDate day : days) {
      RoyaltyExport export = RoyaltyExport.read(plays.platform.config, day);
      List<RoyaltyRow> rows = expected.royaltiesOn(day, artistOfSong);
      assertThat(export.csvRows()).as("royalties.csv of %s, the test's songs", day)
          .filteredOn(r -> artistOfSong.containsKey(r.songId())).containsExactlyElementsOf(rows);
      assertThat(export.manifest().at("/totals/qualified_plays").asLong())
          .isGreaterThanOrEqualTo(rows.stream().mapToLong(RoyaltyRow::qualifiedPlays).sum());
      assertThat(checks.get(day).get("problems")).as("the check of %s", day).isEmpty();
      assertThat(checks.get(day).get("ok").asBoolean()).isTrue();
      qualifiedPlays += rows.stream().mapToLong(RoyaltyRow::qualifiedPlays).sum();
    }
    assertThat(qualifiedPlays).as("every qualified play is on a day of plays with a play_id")
        .isEqualTo(expected.qualifiedUniquePlays());
  }

  /**
   * {@code bin/platform job royalty-export --date D} for each of the test's own days, then
   * {@code --verify}: the manifest's totals and the CSV's rows are the qualified unique plays per
   * song and tier — none, since these plays carry no play_id —, every play read is counted under the
   * rule it failed, and the check (Parquet rows = CSV rows, sizes and SHA-256, a direct count in
   * Cassandra) passes.
   */
  private static void assertWholeDayRoyaltyExports(PlayMix.Expected expected, SortedSet<LocalDate> days,
      Map<String, String> artistOfSong) {
    Map<LocalDate, JsonNode> checks = AggregatorJobs.exportAndVerifyRoyalties(plays.platform, days);
    for (LocalDate day : days) {
      RoyaltyExport export = RoyaltyExport.read(plays.platform.config, day);
      List<RoyaltyRow> rows = expected.royaltiesOn(day, artistOfSong);
      assertThat(rows).as("no backdated play is paid").isEmpty();
      assertThat(export.csvHeader()).containsExactly("day", "song_id", "artist_id", "subscription", "qualified_plays",
          "unique_listeners", "ms_listened");
      assertThat(export.csvRows()).as("royalties.csv of %s", day).containsExactlyElementsOf(rows);

      JsonNode manifest = export.manifest();
      assertThat(manifest.get("date").asText()).isEqualTo(day.toString());
      assertThat(manifest.get("row_count").asLong()).isEqualTo(rows.size());
      assertThat(manifest.at("/source/plays_read").asLong()).isEqualTo(expected.uniquePlaysOn(day));
      assertThat(manifest.at("/source/qualified_plays").asLong()).isZero();
      assertThat(manifest.at("/source/disqualified/no-play-id").asLong()).isEqualTo(expected.uniquePlaysOn(day));
      assertThat(manifest.at("/totals/qualified_plays").asLong()).isZero();
      assertThat(manifest.at("/totals/unique_listeners").asLong()).isZero();
      assertThat(manifest.at("/totals/ms_listened").asLong()).isZero();
      assertThat(manifest.at("/songs_without_artist").asLong()).isZero();

      JsonNode check = checks.get(day);
      assertThat(check.get("problems")).as("the check of %s", day).isEmpty();
      assertThat(check.get("ok").asBoolean()).isTrue();
      assertThat(check.at("/checked/cassandra_qualified_plays").asLong()).isZero();
    }
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
