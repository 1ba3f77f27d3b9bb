package io.harmonia.playcounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RecountRangeTest {

  @Test
  void windowsAreAlignedOnTheUtcEpochAndMustDivideADay() {
    PlayWindows windows = PlayWindows.defaults();
    assertThat(windows.windowStartOf(Instant.parse("2026-01-31T10:04:59.999Z"))).isEqualTo("2026-01-31T10:00:00Z");
    assertThat(windows.windowStartOf(Instant.parse("2026-01-31T10:05:00Z"))).isEqualTo("2026-01-31T10:05:00Z");
    assertThat(windows.boundaryAtOrAfter(Instant.parse("2026-01-31T10:05:00Z"))).isEqualTo("2026-01-31T10:05:00Z");
    assertThat(windows.boundaryAtOrAfter(Instant.parse("2026-01-31T10:05:00.001Z"))).isEqualTo("2026-01-31T10:10:00Z");
    assertThatThrownBy(() -> new PlayWindows(Duration.ofMinutes(7), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("divide a day");
    assertThatThrownBy(() -> new PlayWindows(Duration.ofSeconds(30), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PlayWindows(Duration.ofMinutes(5), Duration.ofMinutes(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lateness");
  }

  @Test
  void aRunRecountsWholeWindowsOfItsIntervalAndOfTheAllowedLatenessBeforeIt() {
    PlayWindows windows = new PlayWindows(Duration.ofMinutes(5), Duration.ofMinutes(30));
    RecountRange range = RecountRange.of(Instant.parse("2026-01-31T10:05:00Z"), Instant.parse("2026-01-31T10:10:00Z"),
        windows);
    assertThat(range.from()).isEqualTo("2026-01-31T09:35:00Z");
    assertThat(range.to()).isEqualTo("2026-01-31T10:10:00Z");
    assertThat(range.contains(Instant.parse("2026-01-31T09:35:00Z"))).isTrue();
    assertThat(range.contains(Instant.parse("2026-01-31T10:10:00Z"))).isFalse();

    RecountRange unaligned = RecountRange.of(Instant.parse("2026-01-31T10:07:00Z"),
        Instant.parse("2026-01-31T10:08:00Z"), new PlayWindows(Duration.ofMinutes(5), Duration.ZERO));
    assertThat(unaligned.from()).isEqualTo("2026-01-31T10:05:00Z");
    assertThat(unaligned.to()).isEqualTo("2026-01-31T10:10:00Z");
  }

  @Test
  void theDaysToReadAreThoseTheRangeTouches() {
    PlayWindows windows = new PlayWindows(Duration.ofMinutes(5), Duration.ofHours(1));
    RecountRange afterMidnight = RecountRange.of(Instant.parse("2026-02-01T00:10:00Z"),
        Instant.parse("2026-02-01T00:15:00Z"), windows);
    assertThat(afterMidnight.firstDay()).isEqualTo(LocalDate.parse("2026-01-31"));
    assertThat(afterMidnight.lastDay()).isEqualTo(LocalDate.parse("2026-02-01"));

    RecountRange wholeDay = RecountRange.of(Instant.parse("2026-01-31T00:00:00Z"),
        Instant.parse("2026-02-01T00:00:00Z"), new PlayWindows(Duration.ofMinutes(5), Duration.ZERO));
    assertThat(wholeDay.firstDay()).isEqualTo(LocalDate.parse("2026-01-31"));
    assertThat(wholeDay.lastDay()).isEqualTo(LocalDate.parse("2026-01-31"));
  }

  @Test
  void anEmptyIntervalIsRefused() {
    Instant t = Instant.parse("2026-01-31T10:00:00Z");
    assertThatThrownBy(() -> RecountRange.of(t, t, PlayWindows.defaults()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--from must be before --to");
  }
}
