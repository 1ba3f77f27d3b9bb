package io.harmonia.pipelines.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressTest {

  private static Progress progress(long total, long slots, long elapsedMillis) {
    return new Progress(total, slots, 3, 0, 0, 0, Duration.ofMillis(elapsedMillis));
  }

  @Test
  void songsAreDoneInThirdsOneRenditionSlotAtATime() {
    assertThat(progress(10, 0, 1000).songsDone()).isZero();
    assertThat(progress(10, 1, 1000).songsDone()).isEqualTo(1 / 3.0);
    assertThat(progress(10, 15, 1000).songsDone()).isEqualTo(5.0);
    assertThat(progress(10, 15, 1000).fraction()).isEqualTo(0.5);
    assertThat(progress(10, 99, 1000).songsDone()).isEqualTo(10.0); // never more than the manifest holds
  }

  @Test
  void rateAndEtaFollowFromTheWorkDoneSoFar() {
    Progress p = progress(100, 60, 10_000); // 20 songs in 10 s

    assertThat(p.songsPerSecond().getAsDouble()).isEqualTo(2.0);
    assertThat(p.eta()).contains(Duration.ofSeconds(40)); // 80 songs left at 2/s
  }

  @Test
  void noRateBeforeTheFirstSlotAndNoTimeLeftAtTheEnd() {
    assertThat(progress(100, 0, 10_000).songsPerSecond()).isEmpty();
    assertThat(progress(100, 0, 10_000).eta()).isEmpty();
    assertThat(progress(100, 5, 0).songsPerSecond()).isEmpty();
    assertThat(progress(100, 300, 50_000).eta()).contains(Duration.ZERO);
    assertThat(progress(0, 0, 1000).fraction()).isEqualTo(1.0);
  }

  @Test
  void theLineSaysItAll() {
    Progress p = new Progress(320, 361, 3, 96, 4, 2, Duration.ofSeconds(50));

    assertThat(p.line()).isEqualTo("120/320 songs (37%) | 2.4 songs/s | ETA 1m23s | written 96, unchanged 4, failed 2");
    assertThat(progress(320, 0, 1000).line()).startsWith("0/320 songs (0%) | - songs/s | ETA unknown");
  }

  @Test
  void durationsReadLikeAClock() {
    assertThat(Progress.format(Duration.ofMillis(400))).isEqualTo("0s");
    assertThat(Progress.format(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(Progress.format(Duration.ofSeconds(187))).isEqualTo("3m07s");
    assertThat(Progress.format(Duration.ofMinutes(125))).isEqualTo("2h05m");
    assertThat(Progress.format(Duration.ofSeconds(-3))).isEqualTo("0s");
  }
}
