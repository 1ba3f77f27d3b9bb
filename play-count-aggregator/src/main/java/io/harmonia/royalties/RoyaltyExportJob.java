package io.harmonia.royalties;

import io.harmonia.config.HarmoniaConfig;
import io.harmonia.jobs.JobRuns;
import io.harmonia.plays.Play;
import io.harmonia.plays.ReadPlaysByDay;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code bin/platform job royalty-export --date YYYY-MM-DD [--verify]}.
 *
 * <p>Without {@code --verify}: reads the day's plays from Cassandra {@code plays_by_day} (all 16
 * buckets), aggregates the qualified ones per song, artist and subscription tier, and writes
 * {@code royalties.parquet}, {@code royalties.csv} and {@code _manifest.json} under
 * {@code exports/royalties/date=YYYY-MM-DD/}. A rerun over the same plays writes the same bytes.
 *
 * <p>With {@code --verify}: re-reads the export from the object store, checks it against its
 * manifest and reconciles it with a direct count of the day in Cassandra ({@link ExportVerifier}).
 *
 * <p>Prints one JSON document (the manifest, or the verification report); exit codes are those of
 * {@link JobRuns}: 0 done or verified, 1 failed, 2 bad arguments, 3 the verification found a mismatch.
 */
@Command(name = "bin/platform job royalty-export", sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "Exports the day's royalties (royalties.parquet, royalties.csv and _manifest.json under "
            + "exports/royalties/date=YYYY-MM-DD/ in the object store) and prints the manifest; with --verify, "
            + "checks that export against its manifest and a direct count in Cassandra and prints the report.",
        "Other --name=value options go to Beam (--runner=DirectRunner, --sparkMaster=local[4], ...).",
        "Exit status: 0 done or verified, 1 failed (retry), 2 bad arguments, 3 the verification found a mismatch."})
public final class RoyaltyExportJob implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RoyaltyExportJob.class);

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "the day (UTC) to export")
  LocalDate day;

  @Option(names = "--verify", description = "verify the day's export instead of writing it")
  boolean verify;

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
    try {
      if (verify) {
        ExportVerifier.Report report = new ExportVerifier(HarmoniaConfig.fromEnvironment()).verify(day);
        out.println(report.toJson());
        return report.ok() ? JobRuns.OK : JobRuns.MISMATCH;
      }
      long malformed = export(day, beamArgs);
      try (ExportLocation location = ExportLocation.of(HarmoniaConfig.fromEnvironment(), day)) {
        out.print(new String(location.get(location.key(ExportManifest.NAME)), StandardCharsets.UTF_8));
      }
      if (malformed > 0) {
        // the export holds the readable plays; its verification will not reconcile until the rows are repaired
        LOG.error("{}: {} rows of plays_by_day lack a field a play needs and were skipped", day, malformed);
        return JobRuns.FAILED;
      }
      return JobRuns.OK;
    } catch (RuntimeException | IOException e) {
      LOG.error("royalty-export failed for {}", day, e);
      return JobRuns.FAILED;
    }
  }

  /** Runs the export; returns the number of malformed rows it skipped. */
  static long export(LocalDate day, List<String> beamArgs) {
    LOG.info("exporting the royalties of {}", day);
    Pipeline p = Pipeline.create(JobRuns.pipelineOptions(beamArgs, "royalty-export"));

    PCollection<Play> plays = p.apply("ReadDay", ReadPlaysByDay.of(day));
    PCollectionView<Long> playsRead = plays
        .apply("CountPlays", Count.globally())
        .apply("PlaysAsSingleton", View.asSingleton());
    PCollection<Play> qualified = plays.apply("KeepQualifiedPlays", Filter.by(Play::isQualified));
    PCollectionView<Long> qualifiedCount = qualified
        .apply("CountQualified", Count.globally())
        .apply("QualifiedAsSingleton", View.asSingleton());
    PCollectionView<Iterable<SongTierTotals>> totals = qualified
        .apply("AggregatePerSongAndTier", new AggregateRoyalties())
        .apply("TotalsAsIterable", View.asIterable());

    p.apply("Day", Create.of(day.toString()))
        .apply("WriteExport", ParDo.of(new WriteExportFn(totals, playsRead, qualifiedCount, JobRuns.version()))
            .withSideInputs(totals, playsRead, qualifiedCount));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    return JobRuns.counter(result, ReadPlaysByDay.class, ReadPlaysByDay.MALFORMED_ROWS);
  }
}
