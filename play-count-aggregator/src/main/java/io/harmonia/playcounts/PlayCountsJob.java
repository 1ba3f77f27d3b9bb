package io.harmonia.playcounts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.jobs.JobArguments;
import io.harmonia.jobs.JobRuns;
import io.harmonia.plays.Play;
import io.harmonia.plays.ReadPlaysByDay;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollectionView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/platform job play-counts [--from T] [--to T] [--window PT5M] [--allowed-lateness PT1H]}:
 * recounts the qualified plays per song and window for a logical interval from Cassandra
 * {@code plays_by_day} and makes PostgreSQL hold exactly those counts (see {@link RecountRange}),
 * refreshing {@code songs.play_count} and writing outbox rows for the songs whose count moved.
 *
 * <p>Idempotent: a rerun of the same interval recounts the same stored plays and changes nothing.
 * Prints one JSON line with what it read and wrote; exit codes are those of {@link JobRuns}.
 *
 * <p>With {@code --streaming} it runs {@link StreamingPlayCounts} instead, until stopped.
 */
public final class PlayCountsJob {

  private static final Logger LOG = LoggerFactory.getLogger(PlayCountsJob.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private PlayCountsJob() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  /** Runs the job; returns its exit code. */
  public static int run(String[] args, PrintStream out) {
    RecountRange range;
    PlayWindows windows;
    JobArguments arguments;
    try {
      arguments = JobArguments.parse(args, Set.of("from", "to", "window", "allowed-lateness", "early-firing",
          "max-delay", "consumer-group", "max-lag"), Set.of("streaming", "check-stream"));
      windows = new PlayWindows(
          duration(arguments, "window", PlayWindows.DEFAULT_SIZE),
          duration(arguments, "allowed-lateness", PlayWindows.DEFAULT_ALLOWED_LATENESS));
      if (arguments.flag("streaming")) {
        return stream(arguments, windows);
      }
      if (arguments.flag("check-stream")) {
        return checkStream(arguments, out);
      }
      Instant to = instant(arguments, "to", windows.windowStartOf(Instant.now()));
      Instant from = instant(arguments, "from", to.minus(windows.size()));
      range = RecountRange.of(from, to, windows);
    } catch (IllegalArgumentException e) {
      LOG.error("play-counts: {}", e.getMessage());
      return JobRuns.USAGE;
    }
    try {
      ObjectNode summary = recount(range, windows, arguments);
      out.println(summary);
      return JobRuns.OK;
    } catch (RuntimeException e) {
      LOG.error("play-counts failed for [{}, {})", range.from(), range.to(), e);
      return JobRuns.FAILED;
    }
  }

  /** The streaming mode: runs until the process is stopped. */
  private static int stream(JobArguments arguments, PlayWindows windows) {
    if (arguments.value("from").isPresent() || arguments.value("to").isPresent()) {
      throw new IllegalArgumentException("--streaming takes no --from/--to: it counts as plays arrive");
    }
    StreamingPlayCounts.Settings settings = new StreamingPlayCounts.Settings(windows,
        duration(arguments, "early-firing", Duration.ofMinutes(1)),
        duration(arguments, "max-delay", Duration.ofMinutes(1)),
        arguments.value("consumer-group").orElse(StreamingPlayCounts.CONSUMER_GROUP));
    try {
      startStream(arguments.beamArgs(), settings).waitUntilFinish();
      return JobRuns.OK;
    } catch (RuntimeException e) {
      LOG.error("the play-count stream failed", e);
      return JobRuns.FAILED;
    }
  }

  /** {@code --check-stream [--max-lag N]}: exit 0 when the stream's consumer lag is at most N records, else 3. */
  private static int checkStream(JobArguments arguments, PrintStream out) {
    long maxLag;
    try {
      maxLag = Long.parseLong(arguments.value("max-lag").orElse("10000"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--max-lag must be a number of records");
    }
    try {
      StreamLag.Report report = StreamLag.check(io.harmonia.config.HarmoniaConfig.fromEnvironment(),
          arguments.value("consumer-group").orElse(StreamingPlayCounts.CONSUMER_GROUP), maxLag);
      out.println(report.json());
      return report.ok() ? JobRuns.OK : JobRuns.MISMATCH;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return JobRuns.FAILED;
    } catch (java.util.concurrent.ExecutionException | RuntimeException e) {
      LOG.error("cannot read the stream's consumer lag", e);
      return JobRuns.FAILED;
    }
  }

  /** Starts the stream and returns its handle (tests cancel it; DirectRunner needs --blockOnRun=false). */
  static PipelineResult startStream(java.util.List<String> beamArgs, StreamingPlayCounts.Settings settings) {
    LOG.info("counting plays from Kafka {} as group {}: {} windows, allowed lateness {}, early firings after {}",
        StreamingPlayCounts.TOPIC, settings.consumerGroup(), settings.windows().size(),
        settings.windows().allowedLateness(), settings.earlyFiring());
    java.util.List<String> args = new java.util.ArrayList<>(beamArgs);
    args.add("--streaming=true");
    Pipeline p = Pipeline.create(JobRuns.pipelineOptions(args, "play-counts-stream"));
    StreamingPlayCounts.build(p, io.harmonia.config.HarmoniaConfig.fromEnvironment(), settings);
    return p.run();
  }

  private static ObjectNode recount(RecountRange range, PlayWindows windows, JobArguments arguments) {
    LOG.info("recounting windows [{}, {}) for the interval [{}, {}) ({} windows, allowed lateness {})",
        range.from(), range.to(), range.intervalStart(), range.intervalEnd(), windows.size(),
        windows.allowedLateness());
    Pipeline p = Pipeline.create(JobRuns.pipelineOptions(arguments.beamArgs(), "play-counts"));

    PCollectionView<Iterable<WindowCount>> counts = p
        .apply("ReadPlays", ReadPlaysByDay.between(range.firstDay(), range.lastDay()))
        .apply("KeepRecountRange", Filter.by((Play play) -> range.contains(play.playedAt())))
        .apply("CountPlaysPerWindow", new CountPlaysPerWindow(windows.bounded()))
        // one side input in the global window: the writer sees the whole range's counts at once
        .apply("ToGlobalWindow", Window.into(new GlobalWindows()))
        .apply("AsIterable", View.asIterable());
    p.apply("Range", Create.of(range).withCoder(SerializableCoder.of(RecountRange.class)))
        .apply("ReplaceRangeCounts", ParDo.of(new ReplaceRangeFn(counts)).withSideInputs(counts));

    PipelineResult result = p.run();
    result.waitUntilFinish();
    return summary(result, range, windows);
  }

  private static ObjectNode summary(PipelineResult result, RecountRange range, PlayWindows windows) {
    ObjectNode summary = JSON.createObjectNode();
    summary.put("job", "play-counts");
    summary.put("interval_start", range.intervalStart().toString());
    summary.put("interval_end", range.intervalEnd().toString());
    summary.put("recount_from", range.from().toString());
    summary.put("recount_to", range.to().toString());
    summary.put("window", windows.size().toString());
    summary.put("allowed_lateness", windows.allowedLateness().toString());
    summary.put("rows_read", JobRuns.counter(result, ReadPlaysByDay.class, ReadPlaysByDay.ROWS_READ));
    summary.put("rows_malformed", JobRuns.counter(result, ReadPlaysByDay.class, ReadPlaysByDay.MALFORMED_ROWS));
    summary.put("qualified_plays", JobRuns.counter(result, CountPlaysPerWindow.class, CountPlaysPerWindow.QUALIFIED));
    summary.put("unqualified_plays",
        JobRuns.counter(result, CountPlaysPerWindow.class, CountPlaysPerWindow.NOT_QUALIFIED));
    for (String name : new String[] {WriteCounters.WINDOWS_INSERTED, WriteCounters.WINDOWS_UPDATED,
        WriteCounters.WINDOWS_DELETED, WriteCounters.UNKNOWN_SONGS, WriteCounters.UNKNOWN_SONG_PLAYS,
        WriteCounters.SONGS_CHANGED, WriteCounters.OUTBOX_ROWS}) {
      summary.put(name, JobRuns.counter(result, WriteCounters.class, name));
    }
    return summary;
  }

  private static Instant instant(JobArguments arguments, String name, Instant defaultValue) {
    String value = arguments.value(name).orElse(null);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--" + name + " must be an ISO-8601 instant like 2026-01-31T10:05:00Z, got '"
          + value + "'");
    }
  }

  private static Duration duration(JobArguments arguments, String name, Duration defaultValue) {
    String value = arguments.value(name).orElse(null);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--" + name + " must be an ISO-8601 duration like PT5M, got '" + value + "'");
    }
  }
}
