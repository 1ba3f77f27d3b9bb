package io.harmonia.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * What the batch jobs share: exit codes, their command lines (picocli, with Beam's options passed
 * through), pipeline options with the platform's defaults, counters, the version.
 */
public final class JobRuns {

  /** The job did what it was asked. */
  public static final int OK = 0;
  /** The job failed (a store unreachable, a write refused...): retry later. */
  public static final int FAILED = 1;
  /** The command line is wrong: retrying will not help. */
  public static final int USAGE = 2;
  /** A verification found a mismatch. */
  public static final int MISMATCH = 3;

  /** How a Beam option is written on a job's command line: {@code --name=value}. */
  private static final Pattern BEAM_OPTION = Pattern.compile("--[A-Za-z][A-Za-z0-9]*=.*");

  private JobRuns() {}

  /**
   * A job's command line: its usage (on {@code --help}) goes to {@code out}, a bad command line's
   * message and usage to stderr with exit code {@link #USAGE}; an exception out of the job is {@link #FAILED}.
   */
  public static CommandLine commandLine(Object job, PrintStream out) {
    CommandLine commandLine = new CommandLine(job)
        .setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    commandLine.getCommandSpec().exitCodeOnInvalidInput(USAGE).exitCodeOnExecutionException(FAILED);
    return commandLine;
  }

  /**
   * The arguments a job did not recognise, for Beam: each must be a {@code --name=value} option
   * that Beam's {@link PipelineOptionsFactory} knows ({@code --runner=DirectRunner},
   * {@code --sparkMaster=local[4]}, ...), so that a misspelt option is refused before any work.
   *
   * @throws ParameterException (exit code {@link #USAGE}) naming the first argument that is not
   */
  public static List<String> beamArgs(CommandSpec spec, List<String> unmatched) {
    for (String arg : unmatched) {
      if (!BEAM_OPTION.matcher(arg).matches()) {
        throw new ParameterException(spec.commandLine(), "Unknown option or argument: '" + arg
            + "' (options passed to Beam are written --name=value)");
      }
    }
    try {
      PipelineOptionsFactory.fromArgs(unmatched.toArray(String[]::new)).create();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "Not an option of this job nor of Beam: " + e.getMessage());
    }
    return List.copyOf(unmatched);
  }

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
