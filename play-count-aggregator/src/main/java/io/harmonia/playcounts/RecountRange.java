package io.harmonia.playcounts;

import io.harmonia.plays.PlaysByDayTable;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The windows a batch run recounts for a logical interval [from, to): every window that holds a
 * moment of the interval, and the windows of the allowed lateness before it — a play that reaches
 * Cassandra up to that long after its window closed is counted by a run that follows. Whole windows
 * only: a recount replaces a window's count, so it must see all of the window.
 */
public record RecountRange(Instant intervalStart, Instant intervalEnd, Instant from, Instant to)
    implements Serializable {

  public static RecountRange of(Instant intervalStart, Instant intervalEnd, PlayWindows windows) {
    if (!intervalStart.isBefore(intervalEnd)) {
      throw new IllegalArgumentException("--from must be before --to, got " + intervalStart + " and " + intervalEnd);
    }
    return new RecountRange(intervalStart, intervalEnd,
        windows.windowStartOf(intervalStart.minus(windows.allowedLateness())),
        windows.boundaryAtOrAfter(intervalEnd));
  }

  public boolean contains(Instant t) {
    return !t.isBefore(from) && t.isBefore(to);
  }

  /** The first UTC day (a {@code plays_by_day} partition key) the range touches. */
  public LocalDate firstDay() {
    return PlaysByDayTable.dayOf(from);
  }

  public LocalDate lastDay() {
    return PlaysByDayTable.dayOf(to.minusMillis(1));
  }
}
