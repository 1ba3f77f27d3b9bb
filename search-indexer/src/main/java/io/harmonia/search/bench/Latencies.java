package io.harmonia.search.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Latencies of one kind of request, in nanoseconds; percentiles in milliseconds. */
final class Latencies {

  private final List<Long> nanos = new ArrayList<>();

  void add(long elapsedNanos) {
    nanos.add(elapsedNanos);
  }

  int count() {
    return nanos.size();
  }

  /** The q-quantile (0..1), nearest rank. */
  double percentileMs(double q) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1e6;
  }
}
