package io.harmonia.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** What the batch jobs share: exit codes, pipeline options with the platform's defaults, counters, the version. */
public final class JobRuns {

  /** The job did what it was asked. */
  public static final int OK = 0;
  /** The job failed (a store unreachable, a write refused...): retry later. */
  public static final int FAILED = 1;
  /** The command line is wrong: retrying will not help. */
  public static final int USAGE = 2;
  /** A verification found a mismatch. */
  public static final int MISMATCH = 3;

  private JobRuns() {}

  /**
   * Beam options from the pass-through arguments. The default runner is Spark in local mode on two
   * threads (Spark's UI off: nobody looks at it for a batch job here); {@code --runner},
   * {@code --sparkMaster} and any other Beam option override that.
   */
  public static PipelineOptions pipelineOptions(List<String> beamArgs, String appName) {
    List<String> args = new ArrayList<>(beamArgs);
    if (args.stream().noneMatch(a -> a.startsWith("--runner="))) {
      args.add("--runner=SparkRunner");
    }
    if (args.contains("--runner=SparkRunner") && args.stream().noneMatch(a -> a.startsWith("--sparkMaster="))) {
      args.add("--sparkMaster=local[2]");
    }
    if (System.getProperty("spark.ui.enabled") == null) {
      System.setProperty("spark.ui.enabled", "false");
    }
    PipelineOptions options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).withValidation().create();
    options.setJobName(appName);
    return options;
  }

  /** The sum of a counter over the pipeline's steps (attempted values: not every runner reports committed ones). */
  public static long counter(PipelineResult result, Class<?> namespace, String name) {
    long sum = 0;
    for (MetricResult<Long> counter : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(namespace, name)).build()).getCounters()) {
      sum += counter.getAttempted();
    }
    return sum;
  }

  /** This module's version (the Maven project version), written into export manifests. */
  public static String version() {
    Properties properties = new Properties();
    try (InputStream in = JobRuns.class.getClassLoader().getResourceAsStream("play-count-aggregator.properties")) {
      if (in == null) {
        throw new IllegalStateException("play-count-aggregator.properties is missing from the classpath");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version");
  }
}
