package io.harmonia.schemas;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.zip.CRC32;

/**
 * Where a play lives in Cassandra's {@code plays_by_day}: partition {@code (day, bucket)}.
 *
 * <ul>
 *   <li>{@code day} is the UTC calendar date of {@code played_at};
 *   <li>{@code bucket} is {@code CRC-32(UTF-8 bytes of the event id's canonical text) mod 16}, the
 *       canonical text being the lower-case, hyphenated 36-character form
 *       ({@code 7c9e6679-7425-40de-944b-e07fc1f90ae7}). CRC-32 is the IEEE 802.3 polynomial of
 *       {@link CRC32}, Python's {@code zlib.crc32} and Spark SQL's {@code crc32}, so a reader in any of
 *       them finds the same bucket: {@code zlib.crc32(event_id.encode()) % 16},
 *       {@code pmod(crc32(event_id), 16)}.
 * </ul>
 *
 * A hash rather than the id's last digit, because clients generate the ids and some UUID versions
 * (v1) keep the same low bits for every event of a device. A day's plays are in the 16 partitions
 * {@code (day, 0)} to {@code (day, 15)}: readers of a whole day query each of {@link #all()}.
 */
public final class PlayBuckets {

  /** How many partitions one day of plays is spread over. */
  public static final int COUNT = 16;

  private PlayBuckets() {}

  public static int of(UUID eventId) {
    CRC32 crc = new CRC32();
    crc.update(eventId.toString().getBytes(StandardCharsets.US_ASCII));
    return (int) (crc.getValue() % COUNT);
  }

  /** The bucket of an event id given as text (any letter case; it must be a UUID). */
  public static int of(String eventId) {
    return of(UUID.fromString(eventId));
  }

  /** The partition day of a play: the UTC date on which it started. */
  public static LocalDate day(Instant playedAt) {
    return LocalDate.ofInstant(playedAt, ZoneOffset.UTC);
  }

  /** Every bucket of a day, 0 to {@value #COUNT} - 1. */
  public static int[] all() {
    return IntStream.range(0, COUNT).toArray();
  }
}
