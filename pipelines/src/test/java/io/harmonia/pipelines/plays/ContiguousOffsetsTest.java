package io.harmonia.pipelines.plays;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContiguousOffsetsTest {

  @Test
  void thePositionAdvancesOnlyOverOffsetsAllReported() {
    ContiguousOffsets offsets = new ContiguousOffsets(100);
    assertThat(offsets.complete(100, 101, 102)).isEqualTo(103);
    assertThat(offsets.complete(104, 105)).as("103 is still being written").isEqualTo(103);
    assertThat(offsets.waitingRanges()).isEqualTo(1);
    assertThat(offsets.complete(103)).isEqualTo(106);
    assertThat(offsets.waitingRanges()).isZero();
  }

  @Test
  void bundlesMayFinishInAnyOrderAndInterleave() {
    // valid plays and dead letters of one micro-batch are reported by different bundles
    ContiguousOffsets offsets = new ContiguousOffsets(0);
    assertThat(offsets.complete(5, 6, 8, 9)).isZero();
    assertThat(offsets.complete(1, 2, 3)).isZero();
    assertThat(offsets.complete(7)).isZero();
    assertThat(offsets.complete(0, 4)).isEqualTo(10);
  }

  @Test
  void offsetsBelowThePositionOrReportedTwiceChangeNothing() {
    ContiguousOffsets offsets = new ContiguousOffsets(50);
    assertThat(offsets.complete(10, 20, 49)).isEqualTo(50);
    assertThat(offsets.complete(50, 50, 51, 51)).isEqualTo(52);
    assertThat(offsets.complete(53, 53)).isEqualTo(52);
    assertThat(offsets.complete(52)).isEqualTo(54);
  }

  @Test
  void raisingTheFloorClosesAGapBelowTheLogsStart() {
    ContiguousOffsets offsets = new ContiguousOffsets(0);
    offsets.complete(7, 8, 9);
    assertThat(offsets.raiseTo(5)).as("5 and 6 may still come").isEqualTo(5);
    assertThat(offsets.raiseTo(7)).isEqualTo(10);
    assertThat(offsets.raiseTo(3)).as("never backwards").isEqualTo(10);
  }
}
