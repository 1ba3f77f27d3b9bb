package io.harmonia.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlayBucketsTest {

  /** Expected values computed with Python's zlib.crc32(event_id.encode()) % 16: another implementation. */
  @ParameterizedTest
  @CsvSource({
      "7c9e6679-7425-40de-944b-e07fc1f90ae7, 8",
      "0b5a4f8e-2d4b-4a59-9a51-5f1f3c9b7d21, 2",
      "f47ac10b-58cc-4372-a567-0e02b2c3d479, 11",
      "00000000-0000-0000-0000-000000000000, 9"})
  void theBucketIsTheCrc32OfTheCanonicalTextModSixteen(String eventId, int bucket) {
    assertThat(PlayBuckets.of(UUID.fromString(eventId))).isEqualTo(bucket);
    assertThat(PlayBuckets.of(eventId.toUpperCase())).as("letter case does not matter").isEqualTo(bucket);
  }

  @Test
  void randomIdsReachEveryBucket() {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      int bucket = PlayBuckets.of(UUID.randomUUID());
      assertThat(bucket).isBetween(0, PlayBuckets.COUNT - 1);
      seen.add(bucket);
    }
    assertThat(seen).hasSize(PlayBuckets.COUNT);
    assertThat(PlayBuckets.all()).hasSize(PlayBuckets.COUNT).startsWith(0).endsWith(15);
  }

  @Test
  void theDayIsTheUtcDateOfPlayedAt() {
    assertThat(PlayBuckets.day(Instant.parse("2026-11-28T23:59:59.999Z"))).isEqualTo(LocalDate.of(2026, 11, 28));
    assertThat(PlayBuckets.day(Instant.parse("2026-11-29T00:00:00Z"))).isEqualTo(LocalDate.of(2026, 11, 29));
  }
}
