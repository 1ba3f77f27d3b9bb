package io.harmonia.system.plays;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;

/**
 * A closed-loop load: {@code concurrency} threads, each sending its next request as soon as the
 * previous one is answered, for a fixed time. Counts only the answers with the expected status.
 */
final class HttpLoad {

  /** One request; returns its HTTP status. */
  interface Call {
    int send();
  }

  record Result(String name, int concurrency, double seconds, long ok, long failed, double perSecond, double p50Ms,
      double p99Ms) {}

  static Result run(String name, int concurrency, Duration duration, int expectedStatus, IntFunction<Call> callOfThread)
      throws InterruptedException {
    AtomicBoolean running = new AtomicBoolean(true);
    long[] ok = new long[concurrency];
    long[] failed = new long[concurrency];
    List<long[]> latencies = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < concurrency; t++) {
      int thread = t;
      long[] mine = new long[200_000];
      latencies.add(mine);
      Call call = callOfThread.apply(thread);
      threads.add(new Thread(() -> {
        int n = 0;
        while (running.get()) {
          long start = System.nanoTime();
          int status = call.send();
          if (status == expectedStatus) {
            if (n < mine.length) {
              mine[n++] = System.nanoTime() - start;
            }
            ok[thread]++;
          } else {
            failed[thread]++;
          }
        }
      }, name + "-" + t));
    }
    long start = System.nanoTime();
    threads.forEach(Thread::start);
    Thread.sleep(duration.toMillis()); // the measurement window itself
    running.set(false);
    for (Thread t : threads) {
      t.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long total = Arrays.stream(ok).sum();
    long[] all = new long[(int) Math.min(Integer.MAX_VALUE, total)];
    int i = 0;
    for (int t = 0; t < concurrency; t++) {
      long count = Math.min(ok[t], latencies.get(t).length);
      System.arraycopy(latencies.get(t), 0, all, i, (int) count);
      i += (int) count;
    }
    long[] measured = Arrays.copyOf(all, i);
    Arrays.sort(measured);
    return new Result(name, concurrency, seconds, total, Arrays.stream(failed).sum(), total / seconds,
        percentile(measured, 50) / 1e6, percentile(measured, 99) / 1e6);
  }

  static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
