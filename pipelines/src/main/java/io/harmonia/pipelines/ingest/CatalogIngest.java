package io.harmonia.pipelines.ingest;

import io.harmonia.config.HarmoniaConfig;
import io.harmonia.pipelines.PipelineCommandLine;
import io.harmonia.pipelines.ingest.audio.Ffmpeg;
import io.harmonia.pipelines.ingest.manifest.CatalogManifest;
import io.harmonia.pipelines.ingest.objectstore.RenditionKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Catalog ingest: a manifest of artists, albums and songs with their master audio becomes catalog
 * rows in PostgreSQL and MP3 renditions (128, 256, 320 kbps) in the media bucket.
 *
 * <pre>
 * ReadManifest → ValidateEntries → HashMasters → PlanSongs → MeasureNewMasters ─┬─ EncodeMp3At128k ─┐
 *                                                                              ├─ EncodeMp3At256k ─┼→ WriteCatalogRows
 *                                                                              └─ EncodeMp3At320k ─┘
 * every song's outcome → the run summary ($HARMONIA_STATE_DIR/ingest/runs/&lt;run id&gt;.json)
 * </pre>
 *
 * <p>Re-running a manifest is safe: unchanged songs are skipped before any decode or encode, object keys are
 * versioned by the master's hash and never overwritten, and rows change only when a value does.
 * A bad entry or master fails that song alone, with its reason in the summary.
 *
 * <p>Usage: {@code CatalogIngest <catalog> [--runner=SparkRunner] [--targetParallelism=N] ...}
 * (see {@link IngestOptions}); from a test: {@link #run(Path, String...)}.
 */
public final class CatalogIngest {

  /** Exit status when the run completed but some songs failed (listed in the summary). */
  public static final int EXIT_SONGS_FAILED = 3;

  private CatalogIngest() {}

  public static void main(String[] args) {
    if (PipelineCommandLine.helpAsked(args, "bin/platform ingest <catalog> [--name=value pipeline options]; "
        + "exit status 0 all songs in, 3 some songs failed, 2 bad arguments, 1 the run failed", IngestOptions.class,
        System.out)) {
      System.exit(0);
    }
    List<String> pipelineArgs = new ArrayList<>(Arrays.asList(args));
    if (!pipelineArgs.isEmpty() && !pipelineArgs.get(0).startsWith("--")) {
      pipelineArgs.set(0, "--catalog=" + pipelineArgs.get(0));
    }
    String refusal = PipelineCommandLine.refusal(pipelineArgs.toArray(String[]::new), IngestOptions.class);
    if (refusal != null) {
      System.err.println("ingest: " + refusal + " (--help lists the options)");
      System.exit(PipelineCommandLine.USAGE);
    }
    IngestSummary summary;
    try {
      summary = run(pipelineArgs.toArray(String[]::new));
    } catch (CatalogManifest.ManifestException e) {
      System.err.println("ingest: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.out.print(summary.describe());
    System.exit(!summary.succeeded() ? 1 : summary.failures().isEmpty() ? 0 : EXIT_SONGS_FAILED);
  }

  /**
   * Ingests a catalog and returns the run's summary (also written as JSON). For tests and tools:
   * the pipeline options ({@code --runner}, {@code --targetParallelism}, {@link IngestOptions})
   * may follow.
   */
  public static IngestSummary run(Path catalog, String... pipelineArgs) {
    List<String> args = new ArrayList<>(Arrays.asList(pipelineArgs));
    args.add("--catalog=" + catalog.toAbsolutePath());
    return run(args.toArray(String[]::new));
  }

  static IngestSummary run(String[] args) {
    IngestOptions options = PipelineOptionsFactory.fromArgs(args).withValidation().as(IngestOptions.class);
    CatalogManifest manifest = CatalogManifest.read(Path.of(options.getCatalog())); // fails fast on a broken file
    configureRunner(options, Arrays.asList(args));

    String runId = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
        + "-" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    Path runsDir = options.getRunsDir().isEmpty()
        ? HarmoniaConfig.fromEnvironment().stateDir().resolve("ingest").resolve("runs") : Path.of(options.getRunsDir());
    Path outcomesDir = runsDir.resolve(runId + ".outcomes");
    if (options.getScratchDir().isEmpty()) {
      options.setScratchDir(Path.of(System.getProperty("java.io.tmpdir"), "harmonia-ingest", runId).toString());
    }

    Pipeline pipeline = Pipeline.create(options);
    ingestCatalog(pipeline, options).apply("WriteOutcomes", WriteOutcomes.to(outcomesDir.toString()));

    Instant started = Instant.now();
    String error = null;
    Map<String, Long> counters = Map.of();
    try {
      PipelineResult result = pipeline.run();
      counters = ProgressReporter.untilDone(result, manifest.songCount(), options.getProgressIntervalSeconds());
    } catch (RuntimeException e) {
      error = String.valueOf(e.getCause() != null ? e.getCause() : e);
    } finally {
      deleteTree(Path.of(options.getScratchDir()));
    }
    List<SongOutcome> outcomes = WriteOutcomes.read(outcomesDir);
    IngestSummary summary = new IngestSummary(runId, manifest.file().toString(), options.getRunner().getSimpleName(),
        options.getEncodeOnly(), started, Instant.now(), manifest.songCount(), outcomes, counters, error,
        runsDir.resolve(runId + ".json"));
    summary.write();
    deleteTree(outcomesDir);
    return summary;
  }

  /** The pipeline, read top-down: every song ends as one outcome. */
  public static PCollection<SongOutcome> ingestCatalog(Pipeline pipeline, IngestOptions options) {
    Ffmpeg ffmpeg = new Ffmpeg(options.getFfmpeg(), options.getFfmpegTimeoutSeconds());
    boolean encodeOnly = options.getEncodeOnly();

    PCollectionTuple validated = pipeline
        .apply("ReadManifest", ReadManifest.from(options.getCatalog()))
        .apply("ValidateEntries", new ValidateEntries());
    PCollectionTuple hashed = validated.get(ValidateEntries.VALID)
        .apply("HashMasters", new HashMasters());
    PCollectionTuple planned = hashed.get(HashMasters.HASHED)
        .apply("PlanSongs", encodeOnly ? PlanSongs.encodeEverything() : PlanSongs.againstStores());
    PCollectionTuple measured = planned.get(PlanSongs.NEW_MASTERS)
        .apply("MeasureNewMasters", new MeasureMasters(ffmpeg));
    PCollection<SongWork> work = PCollectionList.of(planned.get(PlanSongs.WORK))
        .and(measured.get(MeasureMasters.MEASURED))
        .apply("CollectWork", Flatten.pCollections());

    // One step per rendition, side by side: the runner runs them (and many songs) in parallel.
    PCollectionList<Rendition> renditions = PCollectionList.of(planned.get(PlanSongs.FOUND_STORED));
    for (int bitrate : RenditionKeys.BITRATES) {
      renditions = renditions.and(work.apply("EncodeMp3At" + bitrate + "k", encodeOnly
          ? EncodeRendition.encodeOnly(bitrate, ffmpeg, options.getScratchDir())
          : EncodeRendition.toBucket(bitrate, ffmpeg, options.getScratchDir())));
    }

    PCollection<SongOutcome> written = PCollectionTuple.of(WriteCatalogRows.WORK, work)
        .and(WriteCatalogRows.RENDITIONS, renditions.apply("CollectRenditions", Flatten.pCollections()))
        .apply("WriteCatalogRows", encodeOnly ? WriteCatalogRows.reportOnly() : WriteCatalogRows.toPostgres());

    return PCollectionList.of(validated.get(ValidateEntries.FAILED))
        .and(hashed.get(HashMasters.FAILED))
        .and(planned.get(PlanSongs.SETTLED))
        .and(measured.get(MeasureMasters.FAILED))
        .and(written)
        .apply("CollectOutcomes", Flatten.pCollections());
  }

  /**
   * Runner defaults for one machine. The encodes are external ffmpeg processes, one CPU each: as
   * many at once as there are cores. DirectRunner returns from {@code run()} at once so that
   * progress can be polled. On Spark (local mode unless {@code --sparkMaster} says otherwise),
   * more partitions than cores keep both busy to the end and let its counters report progress as
   * tasks finish.
   */
  static void configureRunner(IngestOptions options, List<String> args) {
    int cores = Runtime.getRuntime().availableProcessors();
    String runner = options.getRunner().getSimpleName();
    if (runner.equals("DirectRunner")) {
      DirectOptions direct = options.as(DirectOptions.class);
      direct.setBlockOnRun(false);
      if (args.stream().noneMatch(a -> a.startsWith("--targetParallelism"))) {
        direct.setTargetParallelism(cores);
      }
    } else if (runner.equals("SparkRunner")) {
      SparkPipelineOptions spark = options.as(SparkPipelineOptions.class);
      if (args.stream().noneMatch(a -> a.startsWith("--sparkMaster"))) {
        spark.setSparkMaster("local[" + cores + "]");
      }
      setIfAbsent("spark.default.parallelism", Integer.toString(4 * cores));
      setIfAbsent("spark.ui.enabled", "false");
    }
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Path> list(Path dir, String glob) {
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob)) {
      stream.forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }
}
