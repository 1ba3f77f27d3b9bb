package io.harmonia.pipelines.plays;

import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.pipelines.plays.PlayQualification.Span;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlayQualificationTest {

  static final Instant ISSUED = Instant.parse("2026-12-01T10:00:00Z");

  static PlayEvent play(String check, int durationMs, Instant playedAt, Instant receivedAt, int songMs) {
    PlayEvent.Proof proof = check == null ? null
        : new PlayEvent.Proof("p1.x", check, "valid".equals(check) ? ISSUED : null, "valid".equals(check) ? songMs : null);
    return new PlayEvent(UUID.randomUUID(), "u-1", "PREMIUM", "s-1", durationMs, 320, playedAt, receivedAt, "web", proof);
  }

  static String rule(String check, int durationMs, long startS, long receivedS, int songMs) {
    return PlayQualification.statelessRule(play(check, durationMs, ISSUED.plusSeconds(startS), ISSUED.plusSeconds(receivedS), songMs));
  }

  @Test
  void aListenOfThirtySecondsOrMoreWithinItsPlayIdIsQualified() {
    assertThat(rule("valid", 30_000, 0, 31, 200_000)).isNull();
    assertThat(rule("valid", 200_000, 1, 202, 200_000)).isNull();
  }

  @Test
  void withoutAValidPlayIdOfThisListenerAndSongNothingIsPaid() {
    assertThat(rule(null, 60_000, 0, 70, 200_000)).isEqualTo("no-play-id"); // a v1/v2 event
    assertThat(rule("missing", 60_000, 0, 70, 200_000)).isEqualTo("no-play-id");
    assertThat(rule("invalid", 60_000, 0, 70, 200_000)).isEqualTo("invalid-play-id");
    assertThat(rule("other-user", 60_000, 0, 70, 200_000)).isEqualTo("play-id-other-user");
    assertThat(rule("other-song", 60_000, 0, 70, 200_000)).isEqualTo("play-id-other-song");
    assertThat(rule("something-new", 60_000, 0, 70, 200_000)).isEqualTo("invalid-play-id");
  }

  @Test
  void theDurationMustFitTheSongTheClockAndTheRule() {
    assertThat(rule("valid", 29_999, 0, 40, 200_000)).isEqualTo("too-short");
    assertThat(rule("valid", 31_000, 0, 40, 9_000)).isEqualTo("longer-than-song"); // a 31 s play of a 9 s song
    assertThat(rule("valid", 205_000, 0, 400, 200_000)).isNull(); // within the 5 s tolerance
    assertThat(rule("valid", 205_001, 0, 400, 200_000)).isEqualTo("longer-than-song");
    assertThat(rule("valid", 31_000, 0, 20, 200_000)).isEqualTo("longer-than-elapsed"); // 31 s heard 20 s after issue
    assertThat(rule("valid", 31_000, 0, 26, 200_000)).isNull(); // 26 s + 5 s tolerance
    assertThat(rule("valid", 31_000, -6, 40, 200_000)).isEqualTo("before-play-id");
    assertThat(rule("valid", 31_000, -5, 40, 200_000)).isNull();
  }

  @Test
  void overlapIsTotalledOverTheQualifiedPlaysWithATolerance() {
    Span a = Span.of(ISSUED, 60_000);
    assertThat(PlayQualification.overlaps(Span.of(ISSUED.plusSeconds(60), 60_000), List.of(a))).isFalse(); // back to back
    assertThat(PlayQualification.overlaps(Span.of(ISSUED.plusSeconds(55), 60_000), List.of(a))).isFalse(); // 5 s
    assertThat(PlayQualification.overlaps(Span.of(ISSUED.plusSeconds(54), 60_000), List.of(a))).isTrue();
    Span b = Span.of(ISSUED.plusSeconds(120), 60_000);
    // 3 s into each of two plays: 6 s in all
    assertThat(PlayQualification.overlaps(new Span(ISSUED.plusSeconds(57), ISSUED.plusSeconds(123)), List.of(a, b))).isTrue();
  }

  @Test
  void rowsStoredBeforeQualificationKeepTheirOldRule() {
    assertThat(PlayQualification.legacyQualified(30_000)).isTrue();
    assertThat(PlayQualification.legacyQualified(29_999)).isFalse();
  }
}
