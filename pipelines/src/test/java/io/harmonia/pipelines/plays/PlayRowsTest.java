package io.harmonia.pipelines.plays;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlayRowsTest {

  static PlayEvent play(UUID id, String user, Instant at) {
    return new PlayEvent(id, user, "FREE", "s-1", 31_000, 128, at, at.plusSeconds(40), null);
  }

  @Test
  void aDuplicatedEventIsWrittenOnceFromItsLastRecord() {
    UUID id = UUID.randomUUID();
    Instant at = Instant.parse("2026-11-28T10:00:00Z");
    PlayEvent first = play(id, "u-1", at);
    PlayEvent retried = new PlayEvent(id, "u-1", "FREE", "s-1", 31_000, 128, at, at.plusSeconds(90), null);
    PlayEvent other = play(UUID.randomUUID(), "u-1", at.plusSeconds(5));

    assertThat(PlayRows.latestPerEvent(List.of(new SourcedPlay(2, 9, retried), new SourcedPlay(2, 3, first),
        new SourcedPlay(2, 4, other)))).containsExactly(retried, other);
  }

  @Test
  void rowsAreGroupedByPartitionAndCutIntoBatchesOfTheGivenSize() {
    Instant at = Instant.parse("2026-11-28T10:00:00Z");
    List<PlayEvent> plays = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      plays.add(play(UUID.randomUUID(), "u-a", at.plusSeconds(i)));
    }
    plays.add(play(UUID.randomUUID(), "u-b", at));

    List<List<PlayEvent>> chunks = PlayRows.chunks(plays, PlayEvent::userId, 2);

    assertThat(chunks).extracting(List::size).containsExactly(2, 2, 1, 1);
    assertThat(chunks).allSatisfy(chunk -> assertThat(chunk).extracting(PlayEvent::userId).containsOnly(chunk.get(0).userId()));
  }

  @Test
  void theDayPartitionIsTheUtcDateAndTheSharedBucket() {
    UUID id = UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    PlayEvent p = play(id, "u-1", Instant.parse("2026-11-28T23:59:59.999Z"));
    assertThat(p.day()).hasToString("2026-11-28");
    assertThat(p.bucket()).isEqualTo(8);
  }
}
