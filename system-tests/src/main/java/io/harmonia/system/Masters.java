package io.harmonia.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Master recordings for test catalogs, made by ffmpeg (Debian package {@code ffmpeg}). */
public final class Masters {

  private Masters() {}

  /** Writes a 44.1 kHz stereo WAV of a sine tone of the given pitch, exactly {@code seconds} long. */
  public static void sine(Path wav, int hertz, double seconds) {
    try {
      Files.createDirectories(wav.toAbsolutePath().getParent());
      Process ffmpeg = new ProcessBuilder("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
          "-f", "lavfi", "-i", "sine=frequency=" + hertz + ":sample_rate=44100:duration=" + seconds, "-ac", "2",
          wav.toString()).redirectErrorStream(true).start();
      String output = new String(ffmpeg.getInputStream().readAllBytes());
      if (!ffmpeg.waitFor(60, TimeUnit.SECONDS) || ffmpeg.exitValue() != 0) {
        ffmpeg.destroyForcibly();
        throw new IllegalStateException("ffmpeg could not write " + wav + ": " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run ffmpeg (Debian package ffmpeg) to write " + wav, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
