package io.harmonia.royalties;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.jobs.JobRuns;
import io.harmonia.plays.Play;
import io.harmonia.plays.ReadPlaysByDay;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code bin/platform job royalty-export (--date D | --from D1 --to D2) [--cutoff T] [--verify | --restate]}.
 *
 * <p>Export ({@code --date D}): reads the day's plays received by the cut-off from Cassandra
 * {@code plays_by_day} (all 16 buckets), aggregates the qualified ones per song, artist and tier,
 * and — unless they are exactly the day's current run — publishes a new run under
 * {@code date=D/run=<run-id>/} in the royalty bucket (Parquet, CSV, reconciliation report, manifest),
 * then the pointer {@code date=D/_current.json}. A rerun over the same plays writes nothing and says
 * so ({@code "status": "unchanged"}); its files would be byte-identical.
 *
 * <p>Restatement ({@code --restate}, for a day or a range): for each day that has a current run,
 * counts the plays received by the cut-off with the driver; a day whose plays differ from its
 * current run's (a late play, a play stored late) is exported again — only those days.
 *
 * <p>Check ({@code --verify}, for a day or the exported days of a range): {@link ExportVerifier} on
 * the current run.
 *
 * <p>Prints one JSON document; exit codes are those of {@link JobRuns}: 0 done or verified, 1 failed,
 * 2 bad arguments, 3 the verification found a mismatch.
 */
@Command(name = "bin/platform job royalty-export", sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Exports the day's royalties as a new run (royalties.parquet, royalties.csv, report.html and _manifest.json "
            + "under date=D/run=<run-id>/ in the royalty bucket, then the pointer date=D/_current.json) and prints the "
            + "result; a rerun over the same plays publishes nothing (status unchanged).",
        "--restate: re-exports the days of the range whose stored plays differ from their current run's.",
        "--verify: checks the current run of the day (or of each exported day of the range) against its manifest "
            + "and a direct count in Cassandra.",
        "Other --name=value options go to Beam (--runner=DirectRunner, --sparkMaster=local[4], ...).",
        "Exit status: 0 done or verified, 1 failed (retry), 2 bad arguments, 3 the verification found a mismatch."})
public final class RoyaltyExportJob implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RoyaltyExportJob.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_RANGE_DAYS = 366;

  static final class Days {
    @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "the day (UTC)")
    LocalDate day;

    @ArgGroup(exclusive = false)
    Range range;
  }

  static final class Range {
    @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD",
        description = "with --restate or --verify: the first day of the range")
    LocalDate from;

    @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "the last day of the range (included)")
    LocalDate to;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Days days;

  @Option(names = "--cutoff", paramLabel = "INSTANT",
      description = "export the plays received by this instant (ISO-8601, e.g. 2026-01-02T02:00:00Z; default: now)")
  Instant cutoff;

  @Option(names = "--verify", description = "verify the current run instead of exporting")
  boolean verify;

  @Option(names = "--restate", description = "re-export the days whose plays changed since their current run")
  boolean restate;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this usage and exit")
  boolean help;

  @Unmatched
  List<String> unmatched = new ArrayList<>();

  @Spec
  CommandSpec spec;

  private final PrintStream out;

  RoyaltyExportJob(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  public static int run(String[] args, PrintStream out) {
    return JobRuns.commandLine(new RoyaltyExportJob(out), out).execute(args);
  }

  @Override
  public Integer call() {
    List<String> beamArgs = JobRuns.beamArgs(spec, unmatched);
    List<LocalDate> range = range();
    if (verify && restate) {
      throw new ParameterException(spec.commandLine(), "--verify and --restate do not go together");
    }
    if (verify && cutoff != null) {
      throw new ParameterException(spec.commandLine(), "--verify checks the current run at its own cut-off: no --cutoff");
    }
    if (range.size() > 1 && !verify && !restate) {
      throw new ParameterException(spec.commandLine(), "a range (--from/--to) needs --restate or --verify");
    }
    Instant at = cutoff != null ? cutoff : Instant.now().truncatedTo(ChronoUnit.SECONDS);
    HarmoniaConfig config = HarmoniaConfig.fromEnvironment();
    try {
      if (verify) {
        return verify(config, range);
      }
      if (restate) {
        return restate(config, range, at, beamArgs);
      }
      ObjectNode result = export(config, range.get(0), at, beamArgs);
      out.println(result.toPrettyString());
      return result.path("plays_rows_malformed").asLong() > 0 ? JobRuns.FAILED : JobRuns.OK;
    } catch (RuntimeException | IOException e) {
      LOG.error("royalty-export failed for {}", range, e);
      return JobRuns.FAILED;
    }
  }

  private List<LocalDate> range() {
    LocalDate first = days.day != null ? days.day : days.range.from;
    LocalDate last = days.day != null ? days.day : days.range.to;
    if (last.isBefore(first)) {
      throw new ParameterException(spec.commandLine(), "--to " + last + " is before --from " + first);
    }
    if (ChronoUnit.DAYS.between(first, last) >= MAX_RANGE_DAYS) {
      throw new ParameterException(spec.commandLine(), "a range is at most " + MAX_RANGE_DAYS + " days");
    }
    List<LocalDate> list = new ArrayList<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      list.add(d);
    }
    return list;
  }

  private int verify(HarmoniaConfig config, List<LocalDate> range) throws IOException {
    ExportVerifier verifier = new ExportVerifier(config);
    if (range.size() == 1) {
      ExportVerifier.Report report = verifier.verify(range.get(0));
      out.println(report.toJson());
      return report.ok() ? JobRuns.OK : JobRuns.MISMATCH;
    }
    ObjectNode result = JSON.createObjectNode();
    result.put("from", range.get(0).toString());
    result.put("to", range.get(range.size() - 1).toString());
    ArrayNode reports = result.putArray("days");
    ArrayNode notExported = result.putArray("not_exported");
    boolean ok = true;
    for (LocalDate day : range) {
      if (!exported(config, day)) {
        notExported.add(day.toString());
        continue;
      }
      ExportVerifier.Report report = verifier.verify(day);
      ok &= report.ok();
      reports.add(report.toNode());
    }
    result.put("ok", ok);
    out.println(result);
    return ok ? JobRuns.OK : JobRuns.MISMATCH;
  }

  private int restate(HarmoniaConfig config, List<LocalDate> range, Instant at, List<String> beamArgs)
      throws IOException {
    ObjectNode result = JSON.createObjectNode();
    result.put("from", range.get(0).toString());
    result.put("to", range.get(range.size() - 1).toString());
    result.put("cutoff", at.toString());
    ArrayNode restated = result.putArray("restated");
    ArrayNode unchanged = result.putArray("unchanged");
    ArrayNode notExported = result.putArray("not_exported");
    for (LocalDate day : range) {
      Optional<ExportManifest> current = currentManifest(config, day);
      if (current.isEmpty()) {
        notExported.add(day.toString());
        continue;
      }
      ExportVerifier.DirectCount now = ExportVerifier.directCount(config, day, at);
      ExportManifest.Source source = ExportManifest.Source.of(current.get().source().partitions(), now.summary());
      if (source.equals(current.get().source())) {
        unchanged.add(day.toString());
        continue;
      }
      LOG.info("{}: the plays received by {} differ from run {} ({} plays read then, {} now): restating", day, at,
          current.get().runId(), current.get().source().playsRead(), now.summary().playsRead());
      ObjectNode export = export(config, day, at, beamArgs);
      ObjectNode entry = restated.addObject();
      entry.put("date", day.toString());
      entry.put("status", export.path("status").asText());
      entry.put("run_id", export.path("run_id").asText());
      entry.set("previous_run_id", export.path("previous_run_id"));
      entry.put("qualified_plays", export.path("manifest").path("totals").path("qualified_plays").asLong());
    }
    out.println(result); // one line: the scheduler's task log keeps it whole
    return JobRuns.OK;
  }

  private static boolean exported(HarmoniaConfig config, LocalDate day) throws IOException {
    try (ExportLocation location = ExportLocation.of(config, day)) {
      return location.pointer().isPresent();
    }
  }

  private static Optional<ExportManifest> currentManifest(HarmoniaConfig config, LocalDate day) throws IOException {
    try (ExportLocation location = ExportLocation.of(config, day)) {
      Optional<ExportPointer> pointer = location.pointer();
      if (pointer.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(ExportManifest.parse(location.get(pointer.get().current().manifest())));
    }
  }

  /** Runs the export of one day and describes what it did (the current run's manifest included). */
  static ObjectNode export(HarmoniaConfig config, LocalDate day, Instant cutoff, List<String> beamArgs)
      throws IOException {
    LOG.info("exporting the royalties of {} (plays received by {})", day, cutoff);
    Optional<String> before = currentManifest(config, day).map(ExportManifest::runId);
    PipelineResult result = pipeline(day, cutoff, beamArgs).run();
    result.waitUntilFinish();
    long malformed = JobRuns.counter(result, ReadPlaysByDay.class, ReadPlaysByDay.MALFORMED_ROWS);
    boolean unchanged = JobRuns.counter(result, WriteExportFn.class, WriteExportFn.RUNS_UNCHANGED) > 0;
    ExportManifest manifest = currentManifest(config, day)
        .orElseThrow(() -> new IllegalStateException(day + ": the export finished but the day has no current run"));
    ObjectNode out = JSON.createObjectNode();
    out.put("date", day.toString());
    out.put("status", unchanged ? "unchanged" : "published");
    out.put("run_id", manifest.runId());
    if (unchanged || before.isEmpty()) {
      out.putNull("previous_run_id");
    } else {
      out.put("previous_run_id", before.get());
    }
    out.put("cutoff", cutoff.toString());
    out.put("plays_received_after_cutoff",
        JobRuns.counter(result, WriteExportFn.class, WriteExportFn.PLAYS_AFTER_CUTOFF));
    out.put("plays_rows_malformed", malformed);
    out.put("files_repaired", JobRuns.counter(result, WriteExportFn.class, WriteExportFn.FILES_REPAIRED));
    out.put("pointer", ExportLocation.pointerKey(day));
    out.set("manifest", JSON.readTree(manifest.toJson()));
    if (unchanged) {
      out.put("note", "the plays received by " + cutoff + " are those of the current run " + manifest.runId()
          + ": its files are byte-identical to this run's; nothing was published");
    }
    if (malformed > 0) {
      // the export holds the readable plays; its verification will not reconcile until the rows are repaired
      LOG.error("{}: {} rows of plays_by_day lack a field a play needs and were skipped", day, malformed);
    }
    return out;
  }

  static Pipeline pipeline(LocalDate day, Instant cutoff, List<String> beamArgs) {
    Pipeline p = Pipeline.create(JobRuns.pipelineOptions(beamArgs, "royalty-export"));

    PCollection<Play> plays = p.apply("ReadDay", ReadPlaysByDay.of(day));
    // one summary of the day: plays received by the cut-off, per tier and rule, per hour, fingerprint
    PCollectionView<DaySummary> summary = plays
        .apply("SummarizeDay", Combine.globally(new DaySummary.Summarize(cutoff)))
        .apply("SummaryAsSingleton", View.asSingleton());
    PCollectionView<Iterable<SongTierTotals>> totals = plays
        .apply("KeepReceivedByCutoff", Filter.by(play -> play.receivedBy(cutoff)))
        .apply("KeepQualifiedPlays", Filter.by(Play::isQualified))
        .apply("AggregatePerSongAndTier", new AggregateRoyalties())
        .apply("TotalsAsIterable", View.asIterable());

    p.apply("Day", Create.of(day.toString()))
        .apply("WriteExport", ParDo.of(new WriteExportFn(totals, summary, cutoff, JobRuns.version()))
            .withSideInputs(totals, summary));
    return p;
  }
}
