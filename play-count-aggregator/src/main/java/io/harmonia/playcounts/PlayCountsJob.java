package io.harmonia.playcounts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.jobs.JobRuns;
import io.harmonia.plays.Play;
import io.harmonia.plays.ReadPlaysByDay;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

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
@Command(name = "bin/platform job play-counts", sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Recounts the qualified plays per song and window for the interval [from, to) from Cassandra into "
            + "PostgreSQL (songs.play_count and the search outbox); idempotent. Prints one JSON line.",
        "--streaming counts plays from Kafka as they arrive instead, until stopped; --check-stream checks "
            + "that stream's consumer lag.",
        "Other --name=value options go to Beam (--runner=DirectRunner, --sparkMaster=local[4], ...).",
        "Exit status: 0 done, 1 failed (retry), 2 bad arguments, 3 (--check-stream) the lag is over --max-lag."})
public final class PlayCountsJob implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(PlayCountsJob.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--from", paramLabel = "T",
      description = "start of the interval, an ISO-8601 instant (default: --to minus one window)")
  Instant from;

  @Option(names = "--to", paramLabel = "T",
      description = "end of the interval, exclusive (default: the start of the current window)")
  Instant to;

  @Option(names = "--window", paramLabel = "DURATION", description = "window size, ISO-8601 (default: PT5M)")
  Duration window = PlayWindows.DEFAULT_SIZE;

  @Option(names = "--allowed-lateness", paramLabel = "DURATION",
      description = "how late a play may arrive and still count (default: PT1H)")
  Duration allowedLateness = PlayWindows.DEFAULT_ALLOWED_LATENESS;

  @Option(names = "--streaming", description = "count plays from Kafka as they arrive, until stopped")
  boolean streaming;

  @Option(names = "--early-firing", paramLabel = "DURATION",
      description = "with --streaming: early counts of an open window after (default: PT1M)")
  Duration earlyFiring = Duration.ofMinutes(1);

  @Option(names = "--max-delay", paramLabel = "DURATION",
      description = "with --streaming: the longest a count waits to be written (default: PT1M)")
  Duration maxDelay = Duration.ofMinutes(1);

  @Option(names = "--consumer-group", paramLabel = "GROUP",
      description = "the stream's Kafka consumer group (default: " + StreamingPlayCounts.CONSUMER_GROUP + ")")
  String consumerGroup = StreamingPlayCounts.CONSUMER_GROUP;

  @Option(names = "--check-stream", description = "exit 0 when the stream's consumer lag is at most --max-lag, else 3")
  boolean checkStream;

  @Option(names = "--max-lag", paramLabel = "RECORDS", description = "with --check-stream (default: 10000)")
  long maxLag = 10_000;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this usage and exit")
  boolean help;

  @Unmatched
  List<String> unmatched = new ArrayList<>();

  @Spec
  CommandSpec spec;

  private final PrintStream out;

  PlayCountsJob(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  /** Runs the job; returns its exit code. */
  public static int run(String[] args, PrintStream out) {
    return JobRuns.commandLine(new PlayCountsJob(out), out).execute(args);
  }

  @Override
  public Integer call() {
    List<String> beamArgs = JobRuns.beamArgs(spec, unmatched);
    PlayWindows windows = usage(() -> new PlayWindows(window, allowedLateness));
    if (streaming) {
      return stream(beamArgs, windows);
    }
    if (checkStream) {
      return checkStream();
    }
    Instant end = to != null ? to : windows.windowStartOf(Instant.now());
    Instant start = from != null ? from : end.minus(windows.size());
    RecountRange range = usage(() -> RecountRange.of(start, end, windows));
    try {
      ObjectNode summary = recount(range, windows, beamArgs);
      out.println(summary);
      return JobRuns.OK;
    } catch (RuntimeException e) {
      LOG.error("play-counts failed for [{}, {})", range.from(), range.to(), e);
      return JobRuns.FAILED;
    }
  }

  /** A value the options describe, or a bad command line (exit code 2) when they describe none. */
  private <T> T usage(java.util.function.Supplier<T> value) {
    try {
      return value.get();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** The streaming mode: runs until the process is stopped. */
  private int stream(List<String> beamArgs, PlayWindows windows) {
    if (from != null || to != null) {
      throw new ParameterException(spec.commandLine(), "--streaming takes no --from/--to: it counts as plays arrive");
    }
    StreamingPlayCounts.Settings settings = new StreamingPlayCounts.Settings(windows, earlyFiring, maxDelay,
        consumerGroup);
    try {
      startStream(beamArgs, settings).waitUntilFinish();
      return JobRuns.OK;
    } catch (RuntimeException e) {
      LOG.error("the play-count stream failed", e);
      return JobRuns.FAILED;
    }
  }

  /** {@code --check-stream [--max-lag N]}: exit 0 when the stream's consumer lag is at most N records, else 3. */
  private int checkStream() {
    try {
      StreamLag.Report report = StreamLag.check(io.harmonia.config.HarmoniaConfig.fromEnvironment(),
          consumerGroup, maxLag);
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
  static PipelineResult startStream(List<String> beamArgs, StreamingPlayCounts.Settings settings) {
    LOG.info("counting plays from Kafka {} as group {}: {} windows, allowed lateness {}, early firings after {}",
        StreamingPlayCounts.TOPIC, settings.consumerGroup(), settings.windows().size(),
        settings.windows().allowedLateness(), settings.earlyFiring());
    List<String> args = new ArrayList<>(beamArgs);
    args.add("--streaming=true");
    Pipeline p = Pipeline.create(JobRuns.pipelineOptions(args, "play-counts-stream"));
    StreamingPlayCounts.build(p, io.harmonia.config.HarmoniaConfig.fromEnvironment(), settings);
    return p.run();
  }

  private static ObjectNode recount(RecountRange range, PlayWindows windows, List<String> beamArgs) {
    LOG.info("recounting windows [{}, {}) for the interval [{}, {}) ({} windows, allowed lateness {})",
        range.from(), range.to(), range.intervalStart(), range.intervalEnd(), windows.size(),
        windows.allowedLateness());
    Pipeline p = Pipeline.create(JobRuns.pipelineOptions(beamArgs, "play-counts"));

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
}
