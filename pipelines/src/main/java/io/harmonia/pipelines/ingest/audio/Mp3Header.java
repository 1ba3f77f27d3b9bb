package io.harmonia.pipelines.ingest.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an encoded MP3 says about itself in its first frame: the Xing/Info tag (frame and byte
 * counts) and the LAME extension (encoder delay and padding), which libmp3lame through ffmpeg always
 * writes. From them, the exact (gapless) length a decoder plays:
 * {@code (frames × samples per frame − delay − padding) / sample rate}, the same figure ffmpeg's
 * decoder gives after trimming (checked in the tests), read in microseconds instead of a second
 * process per rendition. The byte count must equal the file's: a truncated file is refused.
 */
public final class Mp3Header {

  private static final int[][] SAMPLE_RATES = {
      {11025, 12000, 8000}, // MPEG 2.5
      null,
      {22050, 24000, 16000}, // MPEG 2
      {44100, 48000, 32000}, // MPEG 1
  };

  private Mp3Header() {}

  /** The facts of the header. */
  public record Info(int sampleRate, long frames, long bytes, int encoderDelay, int padding) {
    public long gaplessDurationMicros(int samplesPerFrame) {
      long samples = frames * samplesPerFrame - encoderDelay - padding;
      return (samples * 1_000_000L + sampleRate / 2) / sampleRate; // to the nearest microsecond, as ffmpeg
    }
  }

  /** The decoded duration of an MP3 written by ffmpeg/libmp3lame, from its header. */
  public static long gaplessDurationMicros(Path mp3) throws AudioException {
    byte[] head;
    long size;
    try (InputStream in = Files.newInputStream(mp3)) {
      head = in.readNBytes(16 * 1024);
      size = Files.size(mp3);
    } catch (IOException e) {
      throw new AudioException("cannot read " + mp3.getFileName() + ": " + e.getMessage());
    }
    int start = 0;
    if (head.length >= 10 && head[0] == 'I' && head[1] == 'D' && head[2] == '3') {
      start = 10 + ((head[6] & 0x7f) << 21 | (head[7] & 0x7f) << 14 | (head[8] & 0x7f) << 7 | head[9] & 0x7f);
    }
    if (start + 4 > head.length || (head[start] & 0xff) != 0xff || (head[start + 1] & 0xe0) != 0xe0) {
      throw new AudioException(mp3.getFileName() + " does not start with an MP3 frame");
    }
    int version = (head[start + 1] >> 3) & 3;
    int layer = (head[start + 1] >> 1) & 3;
    int rateIndex = (head[start + 2] >> 2) & 3;
    int channelMode = (head[start + 3] >> 6) & 3;
    if (version == 1 || layer != 1 || rateIndex == 3) {
      throw new AudioException(mp3.getFileName() + " is not MPEG Layer III");
    }
    boolean mpeg1 = version == 3;
    int sideInfo = mpeg1 ? (channelMode == 3 ? 17 : 32) : (channelMode == 3 ? 9 : 17);
    int tag = start + 4 + sideInfo;
    String name = tag + 4 <= head.length ? new String(head, tag, 4, java.nio.charset.StandardCharsets.US_ASCII) : "";
    if (!name.equals("Info") && !name.equals("Xing")) {
      throw new AudioException(mp3.getFileName() + " has no Xing/Info header (not written by libmp3lame?)");
    }
    int flags = readInt(head, tag + 4);
    int p = tag + 8;
    long frames = -1;
    long bytes = -1;
    if ((flags & 1) != 0) {
      frames = readInt(head, p) & 0xffffffffL;
      p += 4;
    }
    if ((flags & 2) != 0) {
      bytes = readInt(head, p) & 0xffffffffL;
      p += 4;
    }
    if ((flags & 4) != 0) {
      p += 100;
    }
    if ((flags & 8) != 0) {
      p += 4;
    }
    // LAME extension: encoder (9), revision (1), lowpass (1), peak (4), gains (2 + 2), flags (1),
    // bitrate (1), then 12 bits of encoder delay and 12 of padding
    int delayAt = p + 21;
    if (frames < 0 || bytes < 0 || delayAt + 3 > head.length) {
      throw new AudioException(mp3.getFileName() + " has no frame/byte counts or LAME extension in its header");
    }
    int delay = (head[delayAt] & 0xff) << 4 | (head[delayAt + 1] & 0xff) >> 4;
    int padding = (head[delayAt + 1] & 0x0f) << 8 | head[delayAt + 2] & 0xff;
    if (bytes != size - start) {
      throw new AudioException(mp3.getFileName() + " is " + (size - start) + " bytes but its header says "
          + bytes + ": truncated or damaged");
    }
    Info info = new Info(SAMPLE_RATES[version][rateIndex], frames, bytes, delay, padding);
    long micros = info.gaplessDurationMicros(mpeg1 ? 1152 : 576);
    if (micros <= 0) {
      throw new AudioException(mp3.getFileName() + " holds no audio");
    }
    return micros;
  }

  private static int readInt(byte[] b, int at) {
    return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
  }
}
