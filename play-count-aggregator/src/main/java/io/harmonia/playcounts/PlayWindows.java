package io.harmonia.playcounts;

import io.harmonia.plays.Play;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;

/**
 * The event-time windows plays are counted in: fixed, aligned on the UTC epoch (so a 5-minute
 * window starts at :00, :05, ...), of a size that divides a day, with an allowed lateness — how long
 * after a window closes a play may still arrive and update the window's count.
 */
public record PlayWindows(Duration size, Duration allowedLateness) implements Serializable {

  public static final Duration DEFAULT_SIZE = Duration.ofMinutes(5);
  public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofHours(1);

  public PlayWindows {
    if (size.isNegative() || size.compareTo(Duration.ofMinutes(1)) < 0 || size.compareTo(Duration.ofDays(1)) > 0
        || Duration.ofDays(1).toMillis() % size.toMillis() != 0) {
      throw new IllegalArgumentException("the window size must divide a day and be at least a minute, got " + size);
    }
    if (allowedLateness.isNegative()) {
      throw new IllegalArgumentException("the allowed lateness cannot be negative, got " + allowedLateness);
    }
  }

  public static PlayWindows defaults() {
    return new PlayWindows(DEFAULT_SIZE, DEFAULT_ALLOWED_LATENESS);
  }

  /** The start of the window holding this instant. */
  public Instant windowStartOf(Instant t) {
    long size = this.size.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), size) * size);
  }

  /** The first window boundary at or after this instant. */
  public Instant boundaryAtOrAfter(Instant t) {
    Instant start = windowStartOf(t);
    return start.equals(t) ? t : start.plus(size);
  }

  /**
   * Windowing for a bounded input (a recount from Cassandra): every window fires once, when the
   * input is exhausted, with its complete count.
   */
  public Window<Play> bounded() {
    return Window.into(FixedWindows.of(joda(size)));
  }

  /**
   * Windowing for the Kafka stream. Early firings give fresh counts while a window is open; the
   * on-time firing when the watermark passes the window's end; a late firing for every late play
   * within the allowed lateness. Panes accumulate, so each firing carries the window's full count
   * so far and the store replaces rather than adds. Plays later than that are dropped by the runner
   * (Beam's {@code droppedDueToLateness} counter) and counted by the next batch recount of their
   * window from Cassandra, where the play-events pipeline stored them.
   */
  public Window<Play> unbounded(Duration earlyFiringDelay) {
    return Window.<Play>into(FixedWindows.of(joda(size)))
        .triggering(AfterWatermark.pastEndOfWindow()
            .withEarlyFirings(AfterProcessingTime.pastFirstElementInPane().plusDelayOf(joda(earlyFiringDelay)))
            .withLateFirings(AfterPane.elementCountAtLeast(1)))
        .withAllowedLateness(joda(allowedLateness))
        .accumulatingFiredPanes();
  }

  private static org.joda.time.Duration joda(Duration d) {
    return org.joda.time.Duration.millis(d.toMillis());
  }
}
