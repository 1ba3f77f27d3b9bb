package io.harmonia.pipelines.ingest.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.pipelines.ingest.CatalogIngest;
import io.harmonia.pipelines.ingest.IngestMetrics;
import io.harmonia.pipelines.ingest.IngestSummary;
import io.harmonia.pipelines.ingest.SongOutcome;
import io.harmonia.pipelines.ingest.audio.Ffmpeg;
import io.harmonia.pipelines.ingest.manifest.CatalogManifest;
import io.harmonia.pipelines.ingest.manifest.EntryValidator;
import io.harmonia.pipelines.ingest.manifest.ManifestEntry;
import io.harmonia.pipelines.ingest.objectstore.RenditionKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (c): the ingest pipeline's encode throughput against plain sequential ffmpeg calls on
 * the same masters, side by side in one run.
 *
 * <ul>
 *   <li><b>sequential</b>: one ffmpeg process after the other, three per master, with exactly the
 *       command line the pipeline's encode step runs; nothing else.
 *   <li><b>pipeline</b>: {@code CatalogIngest} in encode-only mode (no catalog or bucket access):
 *       read and validate the manifest, hash and decode each master, three encode steps side by
 *       side, each rendition's duration read from its header and its bytes hashed, as in a real run.
 *       Timed from the call to the returned summary (pipeline start-up included, JVM start
 *       excluded), on DirectRunner and on Spark in local mode. Upload and database time are therefore excluded from the comparison;
 *       with {@code --with-stores} a full ingest (fresh ids, same masters) is timed separately and
 *       its per-step worker time reported.
 * </ul>
 *
 * <p>Rounds alternate the order of the contenders, and the median of each is reported with the
 * machine's load average, since this machine is shared.
 *
 * <p>Usage: {@code IngestBenchmark --catalog DIR --out FILE.json [--rounds N] [--with-stores] [--no-spark]}
 */
public final class IngestBenchmark {

  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    Path catalog = Path.of(options.get("--catalog"));
    Path out = Path.of(options.get("--out"));
    int rounds = Integer.parseInt(options.getOrDefault("--rounds", "3"));
    boolean spark = !options.containsKey("--no-spark");
    boolean withStores = options.containsKey("--with-stores");

    List<Path> masters = validMasters(catalog);
    Ffmpeg ffmpeg = new Ffmpeg();
    long audioMillis = 0;
    for (Path master : masters) {
      audioMillis += ffmpeg.decodedDurationMicros(master) / 1000;
    }
    int renditions = masters.size() * RenditionKeys.BITRATES.size();
    System.out.printf("benchmark: %d masters, %.0f s of audio, %d renditions, %d rounds%n", masters.size(),
        audioMillis / 1000.0, renditions, rounds);
    sequential(ffmpeg, masters.subList(0, 1)); // warm-up: ffmpeg and the masters in the page cache

    // Pipeline start-up, with a manifest of no songs: first in this JVM (class loading: what every
    // `bin/platform ingest` pays), then again. The rounds below run warm, like the sequential loop.
    Path empty = Files.createTempDirectory("ingest-bench-empty-");
    Files.writeString(empty.resolve(CatalogManifest.FILE_NAME), "{\"artists\": [], \"albums\": [], \"songs\": []}");
    Map<String, Double> startup = new LinkedHashMap<>();
    startup.put("direct_first", pipeline(empty, "--targetParallelism=" + cores()));
    if (spark) {
      startup.put("spark_first", pipeline(empty, "--runner=SparkRunner"));
    }
    startup.put("direct_warm", pipeline(empty, "--targetParallelism=" + cores()));
    if (spark) {
      startup.put("spark_warm", pipeline(empty, "--runner=SparkRunner"));
    }
    deleteTree(empty);
    System.out.println("  pipeline start-up with no songs (s): " + startup);

    List<String> contenders = new ArrayList<>(List.of("sequential", "pipeline-direct"));
    if (spark) {
      contenders.add("pipeline-spark");
    }
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    Map<String, List<double[]>> loads = new LinkedHashMap<>();
    Map<String, List<double[]>> cpu = new LinkedHashMap<>();
    contenders.forEach(c -> {
      seconds.put(c, new ArrayList<>());
      loads.put(c, new ArrayList<>());
      cpu.put(c, new ArrayList<>());
    });
    for (int round = 1; round <= rounds; round++) {
      List<String> order = new ArrayList<>(contenders);
      if (round % 2 == 0) {
        java.util.Collections.reverse(order);
      }
      for (String contender : order) {
        double[] loadBefore = loadAverage();
        double[] cpuBefore = cpuSeconds();
        double s = switch (contender) {
          case "sequential" -> sequential(ffmpeg, masters);
          case "pipeline-direct" -> pipeline(catalog, "--targetParallelism=" + cores());
          default -> pipeline(catalog, "--runner=SparkRunner");
        };
        double[] cpuAfter = cpuSeconds();
        double[] used = {cpuAfter[0] - cpuBefore[0], cpuAfter[1] - cpuBefore[1]};
        seconds.get(contender).add(s);
        loads.get(contender).add(loadBefore);
        cpu.get(contender).add(used);
        System.out.printf("  round %d %-16s %7.1f s  (load %.1f before; CPU: JVM %.1f s, ffmpeg %.1f s)%n", round,
            contender, s, loadBefore[0], used[0], used[1]);
      }
    }

    ObjectNode report = report(masters.size(), audioMillis, renditions, rounds, seconds, loads, cpu);
    ObjectNode startupNode = report.putObject("pipeline_startup_no_songs_s");
    startup.forEach((k, v) -> startupNode.put(k, round(v)));
    if (withStores) {
      report.set("full_ingest", fullIngest(catalog));
    }
    write(report, out);
    System.out.print(markdown(report));
  }

  /** Plain sequential ffmpeg calls; returns the wall time in seconds. */
  static double sequential(Ffmpeg ffmpeg, List<Path> masters) throws IOException, InterruptedException {
    Path scratch = Files.createTempDirectory("ingest-bench-");
    long started = System.nanoTime();
    try {
      for (Path master : masters) {
        for (int bitrate : RenditionKeys.BITRATES) {
          Process p = new ProcessBuilder(ffmpeg.mp3Command(master, bitrate, scratch.resolve("out.mp3")))
              .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
          if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("ffmpeg failed on " + master);
          }
        }
      }
      return (System.nanoTime() - started) / 1e9;
    } finally {
      Files.deleteIfExists(scratch.resolve("out.mp3"));
      Files.deleteIfExists(scratch);
    }
  }

  /** The pipeline in encode-only mode; returns the wall time in seconds. */
  static double pipeline(Path catalog, String... runnerArgs) throws IOException {
    Path runs = Files.createTempDirectory("ingest-bench-runs-");
    List<String> args = new ArrayList<>(List.of("--encodeOnly=true", "--progressIntervalSeconds=0", "--runsDir=" + runs));
    args.addAll(Arrays.asList(runnerArgs));
    long started = System.nanoTime();
    IngestSummary summary = CatalogIngest.run(catalog, args.toArray(String[]::new));
    double s = (System.nanoTime() - started) / 1e9;
    if (!summary.succeeded() || summary.count(SongOutcome.Status.ENCODED) < summary.songsInManifest()) {
      throw new IllegalStateException("the pipeline run failed:\n" + summary.describe());
    }
    deleteTree(runs);
    return s;
  }

  /**
   * A full ingest of the same masters under fresh ids (so nothing is skipped), then the same
   * manifest again (everything unchanged): wall times, and where the workers' time went.
   */
  static ObjectNode fullIngest(Path catalog) throws IOException {
    Path copy = Files.createTempDirectory("ingest-bench-catalog-");
    String token = UUID.randomUUID().toString().substring(0, 6);
    String manifest = Files.readString(catalog.resolve(CatalogManifest.FILE_NAME), StandardCharsets.UTF_8)
        .replace("\"demo-", "\"bench" + token + "-").replace("\"bench-", "\"bench" + token + "-");
    Files.writeString(copy.resolve(CatalogManifest.FILE_NAME), manifest);
    Files.createSymbolicLink(copy.resolve("masters"), catalog.toAbsolutePath().resolve("masters"));
    Path runs = Files.createTempDirectory("ingest-bench-runs-");
    ObjectNode result = new ObjectMapper().createObjectNode();
    for (String pass : List.of("first", "again")) {
      long started = System.nanoTime();
      IngestSummary summary = CatalogIngest.run(copy, "--progressIntervalSeconds=0", "--runsDir=" + runs,
          "--targetParallelism=" + cores());
      double s = (System.nanoTime() - started) / 1e9;
      ObjectNode node = result.putObject(pass);
      node.put("wall_s", round(s));
      node.put("songs_created", summary.count(SongOutcome.Status.CREATED));
      node.put("songs_unchanged", summary.count(SongOutcome.Status.UNCHANGED));
      node.put("songs_failed", summary.failures().size());
      node.put("renditions_encoded", summary.renditionsEncoded());
      node.put("renditions_uploaded", summary.renditionsUploaded());
      ObjectNode worker = node.putObject("worker_time_s");
      worker.put("probe", summary.counter(IngestMetrics.PROBE_MILLIS) / 1000.0);
      worker.put("encode", summary.counter(IngestMetrics.ENCODE_MILLIS) / 1000.0);
      worker.put("upload", summary.counter(IngestMetrics.UPLOAD_MILLIS) / 1000.0);
      worker.put("write", summary.counter(IngestMetrics.WRITE_MILLIS) / 1000.0);
      System.out.printf("  full ingest (%s): %.1f s, %d encoded, %d uploaded%n", pass, s,
          summary.renditionsEncoded(), summary.renditionsUploaded());
    }
    result.put("ids", "bench" + token + "-*");
    deleteTree(runs);
    deleteTree(copy);
    return result;
  }

  static ObjectNode report(int masters, long audioMillis, int renditions, int rounds,
      Map<String, List<Double>> seconds, Map<String, List<double[]>> loads, Map<String, List<double[]>> cpu) {
    ObjectNode report = new ObjectMapper().createObjectNode();
    report.put("benchmark", "ingest encode throughput: pipeline vs plain sequential ffmpeg");
    report.put("measured_at", Instant.now().toString());
    report.put("cores", cores());
    report.put("masters", masters);
    report.put("audio_s", audioMillis / 1000.0);
    report.put("renditions", renditions);
    report.put("rounds", rounds);
    report.put("method", "median wall time of each contender over the rounds, order alternating per round; "
        + "sequential = the pipeline's own ffmpeg command, one process at a time; pipeline = CatalogIngest "
        + "--encodeOnly (manifest, validation, master hash+decode, 3 encode steps, rendition LAME-header duration + hash; no "
        + "upload, no database), timed from the call to the returned summary, JVM start excluded; the pipeline "
        + "was started once per runner before the rounds (see pipeline_startup_no_songs_s). CPU: this JVM's own "
        + "(pipeline threads, JIT, GC) and its finished children's (ffmpeg) from /proc/self/stat; the bound is the "
        + "sequential CPU per rendition over the contender's, times the cores it can use");
    double baseline = median(seconds.get("sequential"));
    double baselineCpu = median(cpu.get("sequential").stream().map(c -> c[0] + c[1]).toList());
    ObjectNode results = report.putObject("results");
    for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
      double median = median(e.getValue());
      ObjectNode node = results.putObject(e.getKey());
      ArrayNode all = node.putArray("wall_s");
      e.getValue().forEach(s -> all.add(round(s)));
      node.put("median_wall_s", round(median));
      node.put("renditions_per_s", round(renditions / median));
      node.put("audio_s_per_s", round(audioMillis / 1000.0 * RenditionKeys.BITRATES.size() / median));
      node.put("speedup_vs_sequential", round(baseline / median));
      ArrayNode load = node.putArray("load_1min_before");
      loads.get(e.getKey()).forEach(l -> load.add(l[0]));
      double jvmCpu = median(cpu.get(e.getKey()).stream().map(c -> c[0]).toList());
      double childCpu = median(cpu.get(e.getKey()).stream().map(c -> c[1]).toList());
      node.put("median_cpu_s_jvm", round(jvmCpu));
      node.put("median_cpu_s_ffmpeg", round(childCpu));
      node.put("cpu_s_per_rendition", round((jvmCpu + childCpu) / renditions));
      // what the CPU cost allows with every core free: the work spread over the cores (the baseline
      // uses one), an upper bound the shared machine could not show
      double cores = e.getKey().equals("sequential") ? 1 : cores();
      node.put("speedup_bound_idle_cores", round(baselineCpu / (jvmCpu + childCpu) * cores));
    }
    return report;
  }

  static String markdown(ObjectNode report) {
    StringBuilder md = new StringBuilder();
    md.append("# Ingest benchmark (c): encode throughput\n\n");
    md.append(String.format(Locale.ROOT, "%s; %d cores; %d masters (%.0f s of audio), %d renditions; %d rounds.%n%n",
        report.get("measured_at").asText(), report.get("cores").asInt(), report.get("masters").asInt(),
        report.get("audio_s").asDouble(), report.get("renditions").asInt(), report.get("rounds").asInt()));
    md.append("| contender | median wall (s) | renditions/s | audio s/s | speed-up vs sequential | load before"
        + " | CPU s per rendition (JVM + ffmpeg) | speed-up bound, idle cores |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |\n");
    report.get("results").fields().forEachRemaining(e -> md.append(String.format(Locale.ROOT,
        "| %s | %.1f | %.2f | %.1f | %.2f× | %s | %.3f | %.2f× |%n", e.getKey(),
        e.getValue().get("median_wall_s").asDouble(), e.getValue().get("renditions_per_s").asDouble(),
        e.getValue().get("audio_s_per_s").asDouble(), e.getValue().get("speedup_vs_sequential").asDouble(),
        e.getValue().get("load_1min_before").toString(), e.getValue().get("cpu_s_per_rendition").asDouble(),
        e.getValue().get("speedup_bound_idle_cores").asDouble())));
    md.append("\nPipeline start-up with a manifest of no songs (s): `")
        .append(report.get("pipeline_startup_no_songs_s").toString()).append("` (first = first run in the JVM).\n");
    md.append("\nMethod: ").append(report.get("method").asText()).append(".\n");
    if (report.has("full_ingest")) {
      md.append("\nFull ingest with uploads and PostgreSQL writes (reported apart, not in the ratio): `")
          .append(report.get("full_ingest").toString()).append("`\n");
    }
    return md.toString();
  }

  private static void write(ObjectNode report, Path out) throws IOException {
    Files.createDirectories(out.toAbsolutePath().getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
    String name = out.getFileName().toString().replaceFirst("\\.json$", "") + ".md";
    Files.writeString(out.resolveSibling(name), markdown(report));
    System.out.println("figures: " + out + " and " + out.resolveSibling(name));
  }

  /** The masters of the manifest's valid entries. */
  static List<Path> validMasters(Path catalog) {
    EntryValidator validator = new EntryValidator();
    List<Path> masters = new ArrayList<>();
    for (ManifestEntry entry : CatalogManifest.read(catalog).entries()) {
      EntryValidator.Result result = validator.validate(entry);
      if (result.valid() && Files.isRegularFile(Path.of(result.song().masterPath()))) {
        masters.add(Path.of(result.song().masterPath()));
      }
    }
    if (masters.isEmpty()) {
      throw new IllegalArgumentException("no valid songs with masters in " + catalog);
    }
    return masters;
  }

  /**
   * CPU seconds used so far by this JVM itself and by its finished child processes (ffmpeg), from
   * /proc/self/stat (utime + stime, cutime + cstime), in clock ticks of 1/100 s.
   */
  private static double[] cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after the command: state(0) ... utime(11) stime(12) cutime(13) cstime(14)
      double self = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
      double children = (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
      return new double[] {self, children};
    } catch (IOException | RuntimeException e) {
      return new double[] {0, 0};
    }
  }

  private static double[] loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return new double[] {Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2])};
    } catch (IOException | RuntimeException e) {
      return new double[] {-1, -1, -1};
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--catalog", "--out", "--rounds" -> options.put(args[i], args[++i]);
        case "--with-stores", "--no-spark" -> options.put(args[i], "true");
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; usage: --catalog DIR --out FILE.json [--rounds N] [--with-stores] [--no-spark]");
      }
    }
    if (!options.containsKey("--catalog") || !options.containsKey("--out")) {
      throw new IllegalArgumentException("--catalog and --out are required");
    }
    return options;
  }
}
