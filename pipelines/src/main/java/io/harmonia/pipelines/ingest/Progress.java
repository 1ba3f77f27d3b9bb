package io.harmonia.pipelines.ingest;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How far a run is: songs done out of the manifest's total, the rate so far and the time left at
 * that rate. A song counts as done in thirds, one per rendition slot settled (see
 * {@link IngestMetrics}), so the figure moves while songs are being encoded.
 *
 * @param totalSongs songs in the manifest
 * @param slotsSettled rendition slots settled so far
 * @param slotsPerSong renditions per song
 * @param elapsed time since the pipeline started
 */
public record Progress(long totalSongs, long slotsSettled, int slotsPerSong, long written, long unchanged,
    long failed, Duration elapsed) {

  public double songsDone() {
    return Math.min(totalSongs, slotsSettled / (double) slotsPerSong);
  }

  public double fraction() {
    return totalSongs == 0 ? 1.0 : songsDone() / totalSongs;
  }

  /** Songs per second since the start; empty before the first song-third or the first millisecond. */
  public OptionalDouble songsPerSecond() {
    double seconds = elapsed.toMillis() / 1000.0;
    if (slotsSettled == 0 || seconds <= 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(songsDone() / seconds);
  }

  /** Time left at the rate so far; empty while no rate is known. */
  public Optional<Duration> eta() {
    OptionalDouble rate = songsPerSecond();
    if (rate.isEmpty()) {
      return Optional.empty();
    }
    double remaining = totalSongs - songsDone();
    return Optional.of(Duration.ofMillis(Math.round(remaining / rate.getAsDouble() * 1000)));
  }

  /** e.g. {@code 120/320 songs (37%) | 2.4 songs/s | ETA 1m23s | written 96, unchanged 0, failed 2} */
  public String line() {
    String rate = songsPerSecond().isPresent()
        ? String.format(Locale.ROOT, "%.1f songs/s", songsPerSecond().getAsDouble()) : "- songs/s";
    String eta = eta().map(Progress::format).orElse("unknown");
    return String.format(Locale.ROOT, "%d/%d songs (%d%%) | %s | ETA %s | written %d, unchanged %d, failed %d",
        (long) Math.floor(songsDone()), totalSongs, (long) Math.floor(fraction() * 100), rate, eta,
        written, unchanged, failed);
  }

  /** {@code 45s}, {@code 3m07s}, {@code 2h05m}. */
  public static String format(Duration d) {
    long s = Math.max(0, (d.toMillis() + 500) / 1000);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
