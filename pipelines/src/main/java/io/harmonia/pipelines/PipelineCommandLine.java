package io.harmonia.pipelines;

import java.io.PrintStream;
import java.util.Arrays;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The command line of a Beam pipeline's {@code main}: Beam's {@link PipelineOptionsFactory} reads
 * it (its options interfaces document every option with {@code @Description}); this answers
 * {@code --help} and {@code -h} with the pipeline's usage and those descriptions before anything
 * runs, and tells a bad option (exit code {@link #USAGE}) from a failed run.
 */
public final class PipelineCommandLine {

  /** The exit code of a command line Beam refuses. */
  public static final int USAGE = 2;

  private PipelineCommandLine() {}

  /** Prints the usage and the options' descriptions when the arguments ask for help (--help=Class is Beam's own). */
  public static boolean helpAsked(String[] args, String usage, Class<? extends PipelineOptions> options,
      PrintStream out) {
    if (Arrays.stream(args).noneMatch(a -> a.equals("--help") || a.equals("-h"))) {
      return false;
    }
    out.println("Usage: " + usage);
    out.println();
    PipelineOptionsFactory.printHelp(out, options);
    return true;
  }

  /**
   * Checks the options as the pipeline will read them.
   *
   * @return null when Beam takes them, else why not (an unknown option, a bad value, a missing required one)
   */
  public static String refusal(String[] args, Class<? extends PipelineOptions> options) {
    try {
      PipelineOptionsFactory.fromArgs(args).withValidation().as(options);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }
}
