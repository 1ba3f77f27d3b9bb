package io.harmonia.system.plays;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The checks every system test ends with: Cassandra holds each accepted play exactly once, as sent. */
public final class StoredPlays {

  private StoredPlays() {}

  public static void assertEachStoredExactlyOnce(PlayStore store, List<Play> plays) {
    Map<String, List<Play>> byListener = plays.stream().collect(Collectors.groupingBy(Play::userId));
    for (Map.Entry<String, List<Play>> listener : byListener.entrySet()) {
      List<PlayStore.StoredPlay> rows = store.playsOf(listener.getKey());
      Map<String, Play> sent = listener.getValue().stream().collect(Collectors.toMap(Play::eventId, Function.identity()));
      assertThat(rows).as("plays_by_user rows of %s", listener.getKey())
          .extracting(r -> r.eventId().toString())
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(sent.keySet());
      for (PlayStore.StoredPlay row : rows) {
        Play play = sent.get(row.eventId().toString());
        assertThat(row.playedAt()).isEqualTo(play.playedAt());
        assertThat(row.songId()).isEqualTo(play.songId());
        assertThat((long) row.durationMs()).isEqualTo(play.durationMs());
        assertThat(row.bitrate()).isEqualTo(play.bitrate());
        assertThat(row.subscription()).isEqualTo(play.subscription());
        assertThat(store.dayRows(UUID.fromString(play.eventId()), play.playedAt()))
            .as("plays_by_day rows of %s", play.eventId()).isEqualTo(1);
      }
    }
  }
}
