package io.harmonia.reco;

import io.harmonia.reco.matrix.InteractionMatrix.Confidence;
import io.harmonia.reco.training.AlsParams;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The job's command line as picocli reads it ({@code --name value} or {@code --name=value});
 * {@link #options} turns it into the {@link JobOptions} the job runs with. README lists the same.
 */
@Command(name = "bin/platform job reco", sortOptions = false, usageHelpAutoWidth = true,
    description = {
        "The ALS recommendations job: reads plays (Cassandra plays_by_day, or a triples file), trains, evaluates "
            + "against the most-popular baseline and, from Cassandra, publishes to Redis when the model passes "
            + "its gate; with --output it writes top-k lists instead. Every run leaves a report.",
        "Exit status: 0 done, 1 failed, 2 bad arguments."})
final class JobCommandLine {

  private static final AlsParams ALS = AlsParams.defaults();

  @Option(names = "--input", paramLabel = "cassandra|FILE",
      description = "cassandra, or a tab-separated triples file 'user item count' with a header (default: cassandra)")
  String input = JobOptions.CASSANDRA;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "first day of plays_by_day to read (default: --to minus --days + 1)")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "last day to read (default: today, UTC)")
  LocalDate to;

  @Option(names = "--days", paramLabel = "N", description = "days to read when --from is not given (default: 90)")
  int days = 90;

  @Option(names = "--min-duration-ms", paramLabel = "MS", description = "shorter plays are skips (default: 30000)")
  int minDurationMs = 30_000;

  @Option(names = "--output", paramLabel = "FILE", description = "write top-k lists (JSON lines) instead of publishing")
  Path output;

  @Option(names = "--k", paramLabel = "N", description = "list length for --output (default: 10)")
  int k = 10;

  @Option(names = "--write-split", paramLabel = "DIR", description = "write train.tsv / test.tsv of the split")
  Path writeSplit;

  @Option(names = "--holdout", paramLabel = "FRACTION", description = "per-user holdout (default: 0.2)")
  double holdout = 0.2;

  @Option(names = "--split-seed", paramLabel = "N", description = "the holdout's seed (default: 42)")
  long splitSeed = 42L;

  @Option(names = "--min-user-items", paramLabel = "N", description = "minimum items per user (default: 5)")
  int minUserItems = 5;

  @Option(names = "--min-item-users", paramLabel = "N", description = "minimum users per item (default: 2)")
  int minItemUsers = 2;

  @Option(names = "--confidence", paramLabel = "log|linear", description = "strength of a count (default: log)")
  String confidence = "log";

  @Option(names = "--epsilon", paramLabel = "X", description = "log(1 + plays / epsilon) (default: 1)")
  double epsilon = 1.0;

  @Option(names = "--rank", paramLabel = "N", description = "ALS rank (default: ${DEFAULT-VALUE})")
  int rank = ALS.rank();

  @Option(names = "--max-iter", paramLabel = "N", description = "ALS iterations (default: ${DEFAULT-VALUE})")
  int maxIter = ALS.maxIter();

  @Option(names = "--reg-param", paramLabel = "X", description = "ALS regularization (default: ${DEFAULT-VALUE})")
  double regParam = ALS.regParam();

  @Option(names = "--alpha", paramLabel = "X", description = "ALS confidence scale (default: ${DEFAULT-VALUE})")
  double alpha = ALS.alpha();

  @Option(names = "--nonnegative", arity = "1", paramLabel = "true|false",
      description = "non-negative factors (default: ${DEFAULT-VALUE})")
  boolean nonnegative = ALS.nonnegative();

  @Option(names = "--user-blocks", paramLabel = "N", description = "(default: ${DEFAULT-VALUE})")
  int userBlocks = ALS.numUserBlocks();

  @Option(names = "--item-blocks", paramLabel = "N", description = "(default: ${DEFAULT-VALUE})")
  int itemBlocks = ALS.numItemBlocks();

  @Option(names = "--checkpoint-interval", paramLabel = "N", description = "(default: ${DEFAULT-VALUE})")
  int checkpointInterval = ALS.checkpointInterval();

  @Option(names = "--als-seed", paramLabel = "N", description = "(default: ${DEFAULT-VALUE})")
  long alsSeed = ALS.seed();

  @Option(names = "--gate-margin", paramLabel = "X",
      description = "publish only if NDCG@10 >= (1 + margin) x the baseline's (default: 0.10)")
  double gateMargin = 0.10;

  @Option(names = "--discover-weekly-size", paramLabel = "N", description = "(default: 30)")
  int discoverWeeklySize = 30;

  @Option(names = "--daily-mixes", paramLabel = "N", description = "(default: 3)")
  int dailyMixes = 3;

  @Option(names = "--daily-mix-size", paramLabel = "N", description = "(default: 30)")
  int dailyMixSize = 30;

  @Option(names = "--min-known-per-mix", paramLabel = "N", description = "(default: 3)")
  int minKnownPerMix = 3;

  @Option(names = "--taste-groups", paramLabel = "N", description = "(default: 12)")
  int tasteGroups = 12;

  @Option(names = "--candidates", paramLabel = "N", description = "per-user candidates (default: 200)")
  int candidates = 200;

  @Option(names = "--max-seen-extra", paramLabel = "N", description = "(default: 2000)")
  int maxSeenExtra = 2000;

  @Option(names = "--genres", arity = "1", paramLabel = "true|false",
      description = "read songs.genre from PostgreSQL (default: true from Cassandra, else false)")
  Boolean genres;

  @Option(names = "--report-dir", paramLabel = "DIR", description = "one directory per run (default: $HARMONIA_STATE_DIR/reports/reco)")
  Path reportDir;

  @Option(names = "--report-out", paramLabel = "FILE", description = "also write this run's report.json to this file")
  Path reportOut;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this usage and exit")
  boolean help;

  /** A command line for this job (its usage on {@code --help}). */
  static CommandLine of(JobCommandLine arguments) {
    return new CommandLine(arguments);
  }

  /** @throws IllegalArgumentException when the values do not make a run */
  JobOptions options(Path stateDir) {
    LocalDate last = to != null ? to : LocalDate.now(ZoneOffset.UTC);
    LocalDate first = from != null ? from : last.minusDays(days - 1L);
    Confidence strength;
    try {
      strength = Confidence.valueOf(confidence.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--confidence must be log or linear, got '" + confidence + "'");
    }
    AlsParams als = new AlsParams(rank, maxIter, regParam, alpha, nonnegative, userBlocks, itemBlocks,
        checkpointInterval, alsSeed);
    JobOptions options = new JobOptions(input, first, last, minDurationMs, Optional.ofNullable(output),
        Optional.ofNullable(writeSplit), k, holdout, splitSeed, minUserItems, minItemUsers, strength, epsilon, als,
        gateMargin, discoverWeeklySize, dailyMixes, dailyMixSize, minKnownPerMix, tasteGroups, candidates,
        maxSeenExtra, genres != null ? genres : JobOptions.CASSANDRA.equals(input),
        reportDir != null ? reportDir : stateDir.resolve("reports/reco"), Optional.ofNullable(reportOut));
    if (options.k() < 1 || options.discoverWeeklySize() > options.candidates()) {
      throw new IllegalArgumentException("need k >= 1 and discover-weekly-size <= candidates");
    }
    return options;
  }

  /** Parses a command line that asks for a run (not for help). */
  static JobOptions parse(String[] args, Path stateDir) {
    JobCommandLine arguments = new JobCommandLine();
    try {
      of(arguments).parseArgs(args);
    } catch (ParameterException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return arguments.options(stateDir);
  }
}
