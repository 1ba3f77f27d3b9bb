package io.harmonia.royalties;

import io.harmonia.config.HarmoniaConfig;
import io.harmonia.jobs.JobArguments;
import io.harmonia.jobs.JobRuns;
import io.harmonia.plays.Play;
import io.harmonia.plays.ReadPlaysByDay;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Set;
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
public final class RoyaltyExportJob {

  private static final Logger LOG = LoggerFactory.getLogger(RoyaltyExportJob.class);

  private RoyaltyExportJob() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  public static int run(String[] args, PrintStream out) {
    JobArguments arguments;
    LocalDate day;
    try {
      arguments = JobArguments.parse(args, Set.of("date"), Set.of("verify"));
      String date = arguments.value("date").orElseThrow(() -> new IllegalArgumentException("--date is required"));
      day = LocalDate.parse(date);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      LOG.error("royalty-export: {} (usage: --date YYYY-MM-DD [--verify])", e.getMessage());
      return JobRuns.USAGE;
    }
    try {
      if (arguments.flag("verify")) {
        ExportVerifier.Report report = new ExportVerifier(HarmoniaConfig.fromEnvironment()).verify(day);
        out.println(report.toJson());
        return report.ok() ? JobRuns.OK : JobRuns.MISMATCH;
      }
      long malformed = export(day, arguments);
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
  static long export(LocalDate day, JobArguments arguments) {
    LOG.info("exporting the royalties of {}", day);
    Pipeline p = Pipeline.create(JobRuns.pipelineOptions(arguments.beamArgs(), "royalty-export"));

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
