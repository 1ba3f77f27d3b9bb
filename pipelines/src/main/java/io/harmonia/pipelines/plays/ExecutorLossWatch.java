package io.harmonia.pipelines.plays;

import java.time.Duration;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * On a cluster, ends the driver when an executor is lost, so that its supervisor resubmits the
 * pipeline and it resumes from the consumer group's committed offsets.
 *
 * <p>Why not ride the loss out: Beam's Spark runner resumes a source split on another executor from
 * its micro-batch checkpoint, and a record read by the lost executor but not yet written may then
 * never be read again (seen: one acknowledged play of a steady stream missing from Cassandra after a
 * worker was killed). The group's committed offsets only ever pass stored records
 * ({@link OffsetCommitter}), so a fresh start from them reads such records again; the writes are
 * idempotent, so what was stored already is only overwritten. Local mode has no executors to lose.
 */
final class ExecutorLossWatch {

  /** The driver's exit code when an executor was lost: resubmit (sysexits' EX_TEMPFAIL). */
  static final int EXECUTOR_LOST = 75;

  private static final Logger log = LoggerFactory.getLogger(ExecutorLossWatch.class);

  private ExecutorLossWatch() {}

  /** Watches the SparkContext the runner starts (in the background: the streaming context starts asynchronously). */
  static void start(Duration wait) {
    Thread watcher = new Thread(() -> {
      long deadline = System.nanoTime() + wait.toNanos();
      while (System.nanoTime() < deadline) {
        Option<SparkContext> active = org.apache.spark.SparkContext$.MODULE$.getActive();
        if (active.isDefined()) {
          watch(active.get());
          return;
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
      log.warn("no SparkContext within {}: executor losses are not watched", wait);
    }, "executor-loss-watch");
    watcher.setDaemon(true);
    watcher.start();
  }

  private static void watch(SparkContext spark) {
    if (spark.isLocal()) {
      return;
    }
    spark.addSparkListener(new SparkListener() {
      @Override
      public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
        log.error("executor {} was lost ({}): stopping, to be resubmitted from the group's committed offsets",
            removed.executorId(), removed.reason());
        // not on the listener bus's thread: the shutdown hook stops the SparkContext, which waits for that bus
        Thread exit = new Thread(() -> System.exit(EXECUTOR_LOST), "executor-lost-exit");
        exit.start();
      }
    });
    log.info("watching {} for lost executors", spark.master());
  }
}
