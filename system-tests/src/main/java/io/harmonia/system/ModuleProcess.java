package io.harmonia.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Harmonia program run as its own process, the way bin/platform runs it: a main class of a
 * module, with the platform's environment plus the test's overrides, its output in a log file.
 * It can be stopped (SIGTERM) or killed (SIGKILL, a crash).
 */
public final class ModuleProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;

  private ModuleProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  public static ModuleProcess start(Platform platform, String name, String module, List<String> jvmFlags,
      String mainClass, List<String> args, Map<String, String> env) {
    List<String> command = new ArrayList<>();
    command.add(platform.java().toString());
    command.addAll(jvmFlags);
    command.add("-cp");
    command.add(platform.classpath(module));
    command.add(mainClass);
    command.addAll(args);
    return launch(platform, name, command, env);
  }

  /**
   * A job as {@code bin/platform job <job> <args>} runs it — with {@code HARMONIA_SPARK_MASTER} in the
   * environment, submitted to that cluster. The job scripts that run a long-lived program exec it,
   * so stopping or killing this process reaches the program itself.
   */
  public static ModuleProcess startJob(Platform platform, String name, String job, List<String> args,
      Map<String, String> env) {
    List<String> command = new ArrayList<>(List.of(platform.root.resolve("bin/platform").toString(), "job", job));
    command.addAll(args);
    return launch(platform, name, command, env);
  }

  private static ModuleProcess launch(Platform platform, String name, List<String> command, Map<String, String> env) {
    try {
      Path logs = Files.createDirectories(platform.root.resolve("system-tests/target/processes"));
      Path log = logs.resolve(name + "-" + System.currentTimeMillis() + ".log");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(env);
      builder.environment().putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
      return new ModuleProcess(name, builder.start(), log);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name, e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  public String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** Waits until the log contains the line, failing early when the process dies. */
  public void awaitLog(String text, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (logText().contains(text)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited (" + process.exitValue() + ") before logging '" + text
            + "'; log " + log + ":\n" + tail());
      }
      sleep(250);
    }
    throw new IllegalStateException(name + " did not log '" + text + "' within " + timeout + "; log " + log + ":\n" + tail());
  }

  /** Waits for a program that ends by itself (a batch job); its exit status. Killed and failed after the timeout. */
  public int awaitExit(Duration timeout) {
    if (!waitFor(timeout)) {
      kill();
      throw new IllegalStateException(name + " did not finish within " + timeout + "; log " + log + ":\n" + tail());
    }
    return process.exitValue();
  }

  /** SIGKILL: the process gets no chance to finish anything (a crash, an OOM kill, a lost machine). */
  public void kill() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(30));
  }

  /** SIGTERM, then SIGKILL after the grace period. */
  public void stop(Duration grace) {
    process.destroy();
    if (!waitFor(grace)) {
      kill();
    }
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public String tail() {
    List<String> lines = logText().lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      stop(Duration.ofSeconds(20));
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", log " + log + ")";
  }
}
