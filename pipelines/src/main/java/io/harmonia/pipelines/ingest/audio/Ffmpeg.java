package io.harmonia.pipelines.ingest.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The audio tools ingest calls, as external processes: {@code ffmpeg} to decode and to encode MP3
 * (libmp3lame). One process per call; each uses one thread, so the runner's parallelism is the
 * number of encodes running at once.
 */
public final class Ffmpeg implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final int MAX_STDERR = 4000;

  private final String executable;
  private final long timeoutSeconds;

  public Ffmpeg(String executable, long timeoutSeconds) {
    this.executable = executable;
    this.timeoutSeconds = timeoutSeconds;
  }

  public Ffmpeg() {
    this("ffmpeg", 600);
  }

  /**
   * The command that encodes a master to a constant-bitrate MP3: bit-exact (no encoder version tag)
   * and without the master's metadata, so the same master and ffmpeg give the same bytes; 44.1 kHz,
   * the channels of the master. The benchmark's sequential baseline runs exactly this command.
   */
  public List<String> mp3Command(Path master, int kbps, Path out) {
    return List.of(executable, "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
        "-i", master.toString(),
        "-map", "0:a:0", "-vn", "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact",
        "-c:a", "libmp3lame", "-b:a", kbps + "k", "-ar", "44100", "-threads", "1",
        "-f", "mp3", out.toString());
  }

  public void encodeMp3(Path master, int kbps, Path out) throws AudioException {
    Result result = run(mp3Command(master, kbps, out));
    if (result.exitCode != 0) {
      throw new AudioException("ffmpeg could not encode " + master.getFileName() + " at " + kbps + " kbps: "
          + result.describeError());
    }
  }

  /**
   * Decodes the audio completely and returns its exact duration. A file that is not audio, or
   * whose stream is damaged, fails with ffmpeg's own words.
   */
  public long decodedDurationMicros(Path audio) throws AudioException {
    if (!Files.isRegularFile(audio)) {
      throw new AudioException("file not found: " + audio);
    }
    Result result = run(List.of(executable, "-nostdin", "-hide_banner", "-loglevel", "error", "-xerror",
        "-i", audio.toString(), "-map", "0:a:0", "-f", "null", "-progress", "pipe:1", "-nostats", "-"));
    if (result.exitCode != 0) {
      throw new AudioException("not decodable audio (ffmpeg: " + result.describeError() + ")");
    }
    long micros = -1;
    for (String line : result.stdout.split("\n")) {
      if (line.startsWith("out_time_us=")) {
        try {
          micros = Long.parseLong(line.substring("out_time_us=".length()).trim());
        } catch (NumberFormatException e) {
          // "N/A" before the first frame
        }
      }
    }
    if (micros <= 0) {
      throw new AudioException("without decodable audio"
          + (result.stderr.isBlank() ? "" : " (ffmpeg: " + result.describeError() + ")"));
    }
    return micros;
  }

  /** The file's SHA-256, lower-case hex. */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private record Result(int exitCode, String stdout, String stderr) {
    String describeError() {
      String text = stderr.strip();
      if (text.isEmpty()) {
        return "exit code " + exitCode;
      }
      // the last lines say what went wrong; earlier ones repeat per packet
      String[] lines = text.split("\n");
      return String.join(" / ", List.of(lines).subList(Math.max(0, lines.length - 2), lines.length)).strip();
    }
  }

  /** Runs a command; its output goes to temporary files (no reader threads to starve). */
  private Result run(List<String> command) throws AudioException {
    Path stdout = null;
    Path stderr = null;
    Process process = null;
    try {
      stdout = Files.createTempFile("ffmpeg-", ".out");
      stderr = Files.createTempFile("ffmpeg-", ".err");
      process = new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectOutput(stdout.toFile())
          .redirectError(stderr.toFile())
          .start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AudioException(command.get(0) + " did not finish within " + timeoutSeconds + " s");
      }
      return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8), tail(stderr));
    } catch (IOException e) {
      throw new AudioException("cannot run " + command.get(0) + " (is ffmpeg installed?): " + e.getMessage());
    } catch (InterruptedException e) {
      if (process != null) {
        process.destroyForcibly();
      }
      Thread.currentThread().interrupt();
      throw new AudioException("interrupted while waiting for " + command.get(0));
    } finally {
      deleteQuietly(stdout);
      deleteQuietly(stderr);
    }
  }

  private static String tail(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    int from = Math.max(0, all.length - MAX_STDERR);
    return new String(all, from, all.length - from, StandardCharsets.UTF_8);
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a temporary file left behind is harmless
      }
    }
  }
}
