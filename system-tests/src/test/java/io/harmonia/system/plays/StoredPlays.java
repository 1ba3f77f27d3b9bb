package io.harmonia.system.plays;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The checks every system test ends with: Cassandra holds each accepted play exactly once, as sent,
 * under the id the API derives from the listener and the client's event id, with the verdict the
 * play must have (qualified, or the rule it fails) in both tables; and each qualified play is
 * qualified exactly once: one paid play per play_id, every paid play with one.
 */
public final class StoredPlays {

  private StoredPlays() {}

  public static void assertEachStoredExactlyOnce(PlayStore store, List<Play> plays) {
    Map<String, List<Play>> byListener = plays.stream().collect(Collectors.groupingBy(Play::userId));
    List<PlayStore.StoredPlay> qualifiedRows = new ArrayList<>();
    for (Map.Entry<String, List<Play>> listener : byListener.entrySet()) {
      List<PlayStore.StoredPlay> rows = store.playsOf(listener.getKey());
      Map<UUID, Play> sent = listener.getValue().stream().collect(Collectors.toMap(Play::storedEventId, Function.identity()));
      assertThat(rows).as("plays_by_user rows of %s", listener.getKey())
          .extracting(PlayStore.StoredPlay::eventId)
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(sent.keySet());
      for (PlayStore.StoredPlay row : rows) {
        Play play = sent.get(row.eventId());
        assertThat(row.playedAt()).isEqualTo(play.playedAt());
        assertThat(row.songId()).isEqualTo(play.songId());
        assertThat((long) row.durationMs()).isEqualTo(play.durationMs());
        assertThat(row.bitrate()).isEqualTo(play.bitrate());
        assertThat(row.subscription()).isEqualTo(play.subscription());
        assertThat(row.playId()).isEqualTo(play.playId());
        assertThat(row.qualified()).as("qualified of %s (%s ms, rule expected: %s, stored: %s)", play.eventId(),
            play.durationMs(), play.rule(), row.rule()).isEqualTo(play.qualified());
        assertThat(row.rule()).as("rule of %s", play.eventId()).isEqualTo(play.rule());
        if (Boolean.TRUE.equals(row.qualified())) {
          qualifiedRows.add(row);
        }
        List<PlayStore.DayRow> day = store.dayRows(row.eventId(), play.playedAt());
        assertThat(day).as("plays_by_day rows of %s", play.eventId()).hasSize(1);
        assertThat(day.get(0).userId()).isEqualTo(play.userId());
        assertThat(day.get(0).qualified()).as("plays_by_day qualified of %s", play.eventId()).isEqualTo(play.qualified());
        assertThat(day.get(0).rule()).as("plays_by_day rule of %s", play.eventId()).isEqualTo(play.rule());
      }
    }
    assertThat(qualifiedRows).as("qualified plays").hasSize((int) plays.stream().filter(Play::qualified).count());
    assertThat(qualifiedRows).as("every qualified play carries a play_id")
        .allSatisfy(row -> assertThat(row.playId()).isNotNull());
    assertThat(qualifiedRows).as("one qualified play per play_id").extracting(PlayStore.StoredPlay::playId)
        .doesNotHaveDuplicates();
  }
}
