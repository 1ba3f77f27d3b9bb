package io.harmonia.pipelines.ingest.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harmonia.pipelines.testing.TestCatalogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The header's gapless duration is the one ffmpeg's decoder gives, for every rendition we make. */
class Mp3HeaderTest {

  @TempDir Path dir;
  private final Ffmpeg ffmpeg = new Ffmpeg();

  @Test
  void theHeaderDurationEqualsAFullDecodeAtEveryBitrateAndLength() throws Exception {
    for (long millis : new long[] {1000, 2345, 8730, 12000}) {
      Path wav = dir.resolve(millis + ".wav");
      TestCatalogs.sineWav(wav, millis, 440);
      for (int kbps : new int[] {128, 256, 320}) {
        Path mp3 = dir.resolve(millis + "-" + kbps + ".mp3");
        ffmpeg.encodeMp3(wav, kbps, mp3);

        assertThat(Mp3Header.gaplessDurationMicros(mp3)).as("%d ms at %d kbps", millis, kbps)
            .isEqualTo(ffmpeg.decodedDurationMicros(mp3));
      }
    }
  }

  @Test
  void aResampledMonoMasterToo() throws Exception {
    Path wav = dir.resolve("mono22k.wav");
    Process sox = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i",
        "sine=frequency=300:sample_rate=22050:duration=3.3333", "-ac", "1", wav.toString()).start();
    assertThat(sox.waitFor()).isZero();
    Path mp3 = dir.resolve("mono.mp3");
    ffmpeg.encodeMp3(wav, 320, mp3);

    assertThat(Mp3Header.gaplessDurationMicros(mp3)).isEqualTo(ffmpeg.decodedDurationMicros(mp3));
  }

  @Test
  void aTruncatedOrForeignFileIsRefused() throws Exception {
    Path wav = dir.resolve("m.wav");
    TestCatalogs.sineWav(wav, 2000, 440);
    Path mp3 = dir.resolve("m.mp3");
    ffmpeg.encodeMp3(wav, 128, mp3);
    byte[] bytes = Files.readAllBytes(mp3);
    Path truncated = dir.resolve("t.mp3");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 1000));

    assertThatThrownBy(() -> Mp3Header.gaplessDurationMicros(truncated)).hasMessageContaining("truncated");
    assertThatThrownBy(() -> Mp3Header.gaplessDurationMicros(wav)).hasMessageContaining("does not start with an MP3 frame");
  }
}
