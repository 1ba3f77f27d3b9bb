package io.harmonia.pipelines.democatalog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Short generated masters for the demo catalog (the full-length ones are {@link FullLengthMasters}):
 * 44.1 kHz stereo 16-bit WAV holding a seeded melody (plucked lead over a bass line), with the song's
 * title spoken over its start by {@code espeak-ng} when it is installed. {@link StrictMath} arithmetic from the seed: the same seed
 * gives the same bytes on every JVM, so a regenerated demo catalog re-ingests as unchanged.
 */
final class DemoMasters {

  static final int SAMPLE_RATE = 44100;
  private static final int[] MAJOR = {0, 2, 4, 5, 7, 9, 11};
  private static final int[] MINOR = {0, 2, 3, 5, 7, 8, 10};

  private DemoMasters() {}

  /** Renders a master as WAV bytes. {@code speech}: mono samples at 44.1 kHz in [-1, 1], or null. */
  static byte[] render(long seed, int durationMs, String genre, float[] speech) {
    Random random = new Random(seed);
    int frames = (int) ((long) durationMs * SAMPLE_RATE / 1000);
    float[] left = new float[frames];
    float[] right = new float[frames];

    boolean minor = List.of("metal", "blues", "ambient", "classical", "soul").contains(genre) || random.nextBoolean();
    int[] scale = minor ? MINOR : MAJOR;
    int root = 52 + random.nextInt(10); // E3..C#4
    double beat = 60.0 / (genre.equals("ambient") ? 66 + random.nextInt(20) : 84 + random.nextInt(60));
    double step = random.nextInt(3) == 0 ? beat : beat / 2;

    int degree = 0;
    int index = 0;
    for (double t = 0; t < frames / (double) SAMPLE_RATE; t += step, index++) {
      degree = Math.max(-3, Math.min(9, degree + random.nextInt(5) - 2));
      int midi = root + 12 + 12 * Math.floorDiv(degree, 7) + scale[Math.floorMod(degree, 7)];
      double pan = index % 2 == 0 ? 0.35 : 0.65;
      if (random.nextInt(8) != 0) { // a few rests
        pluck(left, right, t, step * 1.6, frequency(midi), 0.30, pan);
      }
      if (index % Math.max(1, (int) Math.round(4 * beat / step)) == 0) { // one bass note a bar
        int bass = root - 12 + (random.nextBoolean() ? 0 : 7);
        pluck(left, right, t, 4 * beat, frequency(bass), 0.32, 0.5);
      }
    }
    if (speech != null) {
      int start = SAMPLE_RATE / 4;
      int end = Math.min(frames, start + speech.length);
      for (int i = 0; i < frames; i++) {
        boolean speaking = i >= start - SAMPLE_RATE / 10 && i < end + SAMPLE_RATE / 10;
        float duck = speaking ? 0.35f : 1f; // the melody steps back while the title is spoken
        float voice = i >= start && i < end ? 0.9f * speech[i - start] : 0f;
        left[i] = left[i] * duck + voice;
        right[i] = right[i] * duck + voice;
      }
    }
    fade(left, right);
    return wav(left, right);
  }

  private static double frequency(int midi) {
    return 440.0 * StrictMath.pow(2, (midi - 69) / 12.0);
  }

  /** A plucked note: three harmonics, quick attack, exponential decay. */
  private static void pluck(float[] left, float[] right, double startSeconds, double lengthSeconds, double hz,
      double gain, double pan) {
    int from = (int) (startSeconds * SAMPLE_RATE);
    int to = Math.min(left.length, from + (int) (lengthSeconds * SAMPLE_RATE));
    double decay = 3.0 / lengthSeconds;
    for (int i = from; i < to; i++) {
      double t = (i - from) / (double) SAMPLE_RATE;
      double release = Math.min(1.0, (to - i) / (0.01 * SAMPLE_RATE)); // no click where the note is cut
      double envelope = Math.min(1.0, t / 0.005) * StrictMath.exp(-decay * t) * release;
      double w = 2 * StrictMath.PI * hz * t;
      double tone = StrictMath.sin(w) + 0.5 * StrictMath.sin(2 * w) + 0.25 * StrictMath.sin(3 * w);
      double sample = gain * envelope * tone / 1.75;
      left[i] += (float) (sample * (1 - pan));
      right[i] += (float) (sample * pan);
    }
  }

  private static void fade(float[] left, float[] right) {
    int in = SAMPLE_RATE / 50;
    int out = SAMPLE_RATE * 3 / 10;
    for (int i = 0; i < Math.min(in, left.length); i++) {
      left[i] *= i / (float) in;
      right[i] *= i / (float) in;
    }
    for (int i = 0; i < Math.min(out, left.length); i++) {
      int j = left.length - 1 - i;
      left[j] *= i / (float) out;
      right[j] *= i / (float) out;
    }
  }

  /** 16-bit PCM stereo WAV. */
  static byte[] wav(float[] left, float[] right) {
    ByteBuffer out = ByteBuffer.allocate(44 + left.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    out.put(wavHeader(left.length));
    for (int i = 0; i < left.length; i++) {
      out.putShort(pcm(left[i])).putShort(pcm(right[i]));
    }
    return out.array();
  }

  /** The 44 bytes before the samples of a 16-bit PCM stereo WAV of {@code frames} frames. */
  static byte[] wavHeader(int frames) {
    int dataBytes = frames * 4;
    ByteBuffer out = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes);
    out.put("WAVE".getBytes(StandardCharsets.US_ASCII));
    out.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 2)
        .putInt(SAMPLE_RATE).putInt(SAMPLE_RATE * 4).putShort((short) 4).putShort((short) 16);
    out.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
    return out.array();
  }

  static short pcm(float sample) {
    return (short) Math.round(Math.max(-1f, Math.min(1f, sample)) * 32767);
  }

  /**
   * The text spoken by {@code espeak-ng}, as mono samples at 44.1 kHz; null when espeak-ng is not
   * installed or fails (the master is then melody only).
   */
  static float[] speak(String espeak, String text) {
    Path wav = null;
    try {
      wav = Files.createTempFile("demo-speech-", ".wav");
      Process process = new ProcessBuilder(espeak, "-v", "en-us", "-s", "165", "-w", wav.toString(), "--stdin")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      try (OutputStream in = process.getOutputStream()) {
        in.write(text.getBytes(StandardCharsets.UTF_8));
      }
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        return null;
      }
      return readMonoWav(Files.readAllBytes(wav));
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      if (wav != null) {
        wav.toFile().delete();
      }
    }
  }

  /** A 16-bit PCM WAV (espeak-ng writes 22.05 kHz mono) as mono samples resampled to 44.1 kHz. */
  static float[] readMonoWav(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int channels = 1;
    int rate = SAMPLE_RATE;
    int position = 12;
    while (position + 8 <= bytes.length) {
      String id = new String(bytes, position, 4, StandardCharsets.US_ASCII);
      int size = in.getInt(position + 4);
      int body = position + 8;
      if (id.equals("fmt ")) {
        channels = in.getShort(body + 2);
        rate = in.getInt(body + 4);
      } else if (id.equals("data")) {
        int available = Math.max(0, Math.min(size < 0 ? Integer.MAX_VALUE : size, bytes.length - body));
        int frames = available / (2 * channels);
        float[] mono = new float[frames];
        for (int i = 0; i < frames; i++) {
          mono[i] = in.getShort(body + i * 2 * channels) / 32768f;
        }
        return resample(mono, rate);
      }
      position = body + size + (size & 1);
    }
    return new float[0];
  }

  private static float[] resample(float[] samples, int rate) {
    if (rate == SAMPLE_RATE || samples.length == 0) {
      return samples;
    }
    int frames = (int) ((long) samples.length * SAMPLE_RATE / rate);
    float[] out = new float[frames];
    for (int i = 0; i < frames; i++) {
      double source = i * (double) rate / SAMPLE_RATE;
      int j = (int) source;
      double fraction = source - j;
      float a = samples[Math.min(j, samples.length - 1)];
      float b = samples[Math.min(j + 1, samples.length - 1)];
      out[i] = (float) (a + (b - a) * fraction);
    }
    return out;
  }
}
