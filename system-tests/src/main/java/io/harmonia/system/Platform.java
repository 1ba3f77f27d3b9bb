package io.harmonia.system;

import io.harmonia.config.HarmoniaConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The platform this JVM runs against: its checkout (to launch the modules' programs and
 * {@code bin/platform}) and its configuration (the same environment variables).
 */
public final class Platform {

  public final HarmoniaConfig config = HarmoniaConfig.fromEnvironment();
  public final Path root;

  public Platform() {
    this.root = findRoot();
  }

  /** HARMONIA_ROOT (set by bin/platform), the harmonia.root property (set by the build), or the nearest checkout above. */
  private static Path findRoot() {
    String given = System.getenv("HARMONIA_ROOT");
    if (given == null) {
      given = System.getProperty("harmonia.root");
    }
    if (given != null) {
      return Path.of(given).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isExecutable(dir.resolve("bin/platform"))) {
        return dir;
      }
    }
    throw new IllegalStateException("cannot find the Harmonia checkout: set HARMONIA_ROOT");
  }

  /** The JDK 17 the platform runs its programs with. */
  public Path java() {
    String home = System.getenv("HARMONIA_JAVA17_HOME");
    return Path.of(home != null && !home.isBlank() ? home : System.getProperty("java.home"), "bin", "java");
  }

  /** JVM flags Spark 3.5 needs on JDK 17 (the build passes the parent POM's list). */
  public List<String> sparkJvmFlags() {
    String flags = System.getProperty("harmonia.spark.jvm.flags", System.getenv().getOrDefault("HARMONIA_SPARK_FLAGS", ""));
    if (flags.isBlank()) {
      throw new IllegalStateException("harmonia.spark.jvm.flags is not set (the build sets it; bin/platform passes HARMONIA_SPARK_FLAGS)");
    }
    return List.of(flags.trim().split("\\s+"));
  }

  /** A module's local-mode classpath as bin/platform builds it: its classes and the jars Maven resolved. */
  public String classpath(String module) {
    Path target = root.resolve(module).resolve("target");
    Path jars = target.resolve("runtime-classpath.txt");
    if (!Files.isReadable(jars)) {
      throw new IllegalStateException(module + " is not built: " + jars + " is missing (run bin/platform build)");
    }
    try {
      String classpath = target.resolve("classes") + java.io.File.pathSeparator + Files.readString(jars).trim();
      // a job module's Spark, Scala and Hadoop are `provided` (the cluster has them): local mode adds them
      Path provided = target.resolve("provided-classpath.txt");
      if (Files.isReadable(provided) && !Files.readString(provided).isBlank()) {
        classpath += java.io.File.pathSeparator + Files.readString(provided).trim();
      }
      return classpath;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code bin/platform <args>} with this JVM's environment and waits for it; fails on a non-zero exit. */
  public void run(Duration timeout, String... args) {
    List<String> command = new ArrayList<>();
    command.add(root.resolve("bin/platform").toString());
    command.addAll(List.of(args));
    try {
      Path log = Files.createTempFile("bin-platform-", ".log");
      Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("bin/platform " + String.join(" ", args) + " did not finish in " + timeout
            + ":\n" + Files.readString(log));
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("bin/platform " + String.join(" ", args) + " failed:\n" + Files.readString(log));
      }
      Files.deleteIfExists(log);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
