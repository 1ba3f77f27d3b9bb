package io.harmonia.pipelines.plays;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The committable position of one Kafka partition: the smallest offset not yet handled, given the
 * offsets reported handled so far, in any order and any grouping. An offset is only ever committed
 * when every offset before it, down to the starting point, was reported: a record still being
 * written holds back every later one, whichever bundle or thread finished first.
 *
 * <p>This relies on the partition's offsets being consecutive, which holds for a topic written
 * without transactions and without compaction ({@code play-events}). A gap would hold the position
 * back (records are read again after a restart), never skip a record; {@link #raiseTo} closes gaps
 * that are known to be below the log's start.
 */
final class ContiguousOffsets {

  private long next;
  /** Handled ranges beyond {@code next}: start → end (exclusive), disjoint and not adjacent. */
  private final TreeMap<Long, Long> handled = new TreeMap<>();

  ContiguousOffsets(long start) {
    this.next = start;
  }

  /** Every offset below this one is handled: the offset to commit. */
  long next() {
    return next;
  }

  /** Ranges handled beyond a gap (waiting for the offsets in between). */
  int waitingRanges() {
    return handled.size();
  }

  /** Reports offsets as handled (any order, duplicates allowed); returns the new {@link #next()}. */
  long complete(long... offsets) {
    long[] sorted = offsets.clone();
    Arrays.sort(sorted);
    int i = 0;
    while (i < sorted.length) {
      long start = sorted[i];
      long end = start + 1;
      while (++i < sorted.length && sorted[i] <= end) {
        end = Math.max(end, sorted[i] + 1);
      }
      add(start, end);
    }
    advance();
    return next;
  }

  /** Offsets below {@code floor} need no handling (committed elsewhere, or deleted from the log). */
  long raiseTo(long floor) {
    if (floor > next) {
      next = floor;
      handled.headMap(floor, false).clear();
      advance();
    }
    return next;
  }

  private void add(long start, long end) {
    if (end <= next) {
      return;
    }
    start = Math.max(start, next);
    Map.Entry<Long, Long> before = handled.floorEntry(start);
    if (before != null && before.getValue() >= start) {
      start = before.getKey();
      end = Math.max(end, before.getValue());
    }
    Map.Entry<Long, Long> after = handled.ceilingEntry(start);
    while (after != null && after.getKey() <= end) {
      end = Math.max(end, after.getValue());
      handled.remove(after.getKey());
      after = handled.ceilingEntry(start);
    }
    handled.put(start, end);
  }

  private void advance() {
    // a range may straddle next after raiseTo: it still starts at or before it
    Map.Entry<Long, Long> first = handled.firstEntry();
    while (first != null && first.getKey() <= next) {
      next = Math.max(next, first.getValue());
      handled.remove(first.getKey());
      first = handled.firstEntry();
    }
  }
}
