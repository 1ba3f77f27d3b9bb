package io.harmonia.api.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/platform} run from a test, with the test's own environment (its state directory and
 * port offset), to stop and start one of the real services the test runs against.
 */
public final class Platform {

  private Platform() {}

  public static void run(String... args) {
    Path script = root().resolve("bin/platform");
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(180, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError("bin/platform " + String.join(" ", args) + " failed:\n" + output);
      }
    } catch (IOException e) {
      throw new AssertionError("could not run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The repository: the first directory above the working directory that holds bin/platform. */
  private static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isExecutable(dir.resolve("bin/platform"))) {
        return dir;
      }
    }
    throw new AssertionError("bin/platform not found above " + Path.of("").toAbsolutePath());
  }
}
