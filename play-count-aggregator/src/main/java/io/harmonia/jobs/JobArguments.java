package io.harmonia.jobs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A job's command line: its own options ({@code --date 2026-01-31} or {@code --date=2026-01-31},
 * flags like {@code --verify}) and, passed through to Beam, everything else
 * ({@code --runner=DirectRunner}, {@code --sparkMaster=local[2]}, ...).
 */
public final class JobArguments {

  private final Map<String, String> values;
  private final Set<String> flags;
  private final List<String> beamArgs;

  private JobArguments(Map<String, String> values, Set<String> flags, List<String> beamArgs) {
    this.values = values;
    this.flags = flags;
    this.beamArgs = beamArgs;
  }

  /**
   * @param valued the job's options that take a value
   * @param flagNames the job's options that take none
   * @throws IllegalArgumentException when a job option lacks its value or is given twice
   */
  public static JobArguments parse(String[] args, Set<String> valued, Set<String> flagNames) {
    Map<String, String> values = new HashMap<>();
    Set<String> flags = new java.util.HashSet<>();
    List<String> beamArgs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'");
      }
      int eq = arg.indexOf('=');
      String name = arg.substring(2, eq < 0 ? arg.length() : eq);
      if (flagNames.contains(name)) {
        if (eq >= 0) {
          throw new IllegalArgumentException("--" + name + " takes no value");
        }
        flags.add(name);
      } else if (valued.contains(name)) {
        String value;
        if (eq >= 0) {
          value = arg.substring(eq + 1);
        } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
          value = args[++i];
        } else {
          throw new IllegalArgumentException("--" + name + " needs a value");
        }
        if (values.put(name, value) != null) {
          throw new IllegalArgumentException("--" + name + " is given twice");
        }
      } else {
        beamArgs.add(arg);
      }
    }
    return new JobArguments(values, flags, beamArgs);
  }

  public Optional<String> value(String name) {
    return Optional.ofNullable(values.get(name));
  }

  public boolean flag(String name) {
    return flags.contains(name);
  }

  public List<String> beamArgs() {
    return beamArgs;
  }
}
