package io.harmonia.pipelines.ingest.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harmonia.pipelines.testing.Ffprobe;
import io.harmonia.pipelines.testing.TestCatalogs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real ffmpeg (installed by the job scripts; Debian's ffmpeg with libmp3lame). */
class FfmpegTest {

  @TempDir Path dir;
  private final Ffmpeg ffmpeg = new Ffmpeg();

  @Test
  void decodingGivesTheExactDuration() throws Exception {
    Path wav = dir.resolve("m.wav");
    TestCatalogs.sineWav(wav, 2400, 440); // 105,840 frames at 44.1 kHz

    assertThat(ffmpeg.decodedDurationMicros(wav)).isEqualTo(2_400_000);
  }

  @Test
  void encodesConstantBitrateMp3sThatDecodeToTheMastersLength() throws Exception {
    Path wav = dir.resolve("m.wav");
    TestCatalogs.sineWav(wav, 3000, 440);

    for (int kbps : new int[] {128, 256, 320}) {
      Path mp3 = dir.resolve(kbps + ".mp3");
      ffmpeg.encodeMp3(wav, kbps, mp3);

      Ffprobe probe = Ffprobe.of(mp3);
      assertThat(probe.codec()).isEqualTo("mp3");
      assertThat(probe.bitRate()).isEqualTo(kbps * 1000L);
      assertThat(probe.sampleRate()).isEqualTo(44100);
      assertThat(ffmpeg.decodedDurationMicros(mp3) / 1000).isEqualTo(3000); // gapless: the encoder padding is trimmed
    }
  }

  @Test
  void theSameMasterEncodesToTheSameBytes() throws Exception {
    Path wav = dir.resolve("m.wav");
    TestCatalogs.sineWav(wav, 1500, 330);
    ffmpeg.encodeMp3(wav, 256, dir.resolve("a.mp3"));
    ffmpeg.encodeMp3(wav, 256, dir.resolve("b.mp3"));

    assertThat(Ffmpeg.sha256(dir.resolve("a.mp3"))).isEqualTo(Ffmpeg.sha256(dir.resolve("b.mp3")));
  }

  @Test
  void notAudioFailsInFfmpegsOwnWords() throws Exception {
    Path junk = dir.resolve("junk.wav");
    Files.write(junk, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});

    assertThatThrownBy(() -> ffmpeg.decodedDurationMicros(junk))
        .isInstanceOf(AudioException.class).hasMessageContaining("not decodable audio (ffmpeg:");
    assertThatThrownBy(() -> ffmpeg.encodeMp3(junk, 128, dir.resolve("x.mp3")))
        .isInstanceOf(AudioException.class).hasMessageContaining("ffmpeg could not encode junk.wav at 128 kbps");
    assertThatThrownBy(() -> ffmpeg.decodedDurationMicros(dir.resolve("none.wav"))).hasMessageContaining("file not found");
  }

  @Test
  void aHeaderWithoutSamplesHasNoAudio() throws Exception {
    Path wav = dir.resolve("m.wav");
    TestCatalogs.sineWav(wav, 1000, 440);
    Path truncated = dir.resolve("t.wav");
    Files.write(truncated, java.util.Arrays.copyOf(Files.readAllBytes(wav), 100));

    assertThatThrownBy(() -> ffmpeg.decodedDurationMicros(truncated))
        .isInstanceOf(AudioException.class).hasMessageContaining("decodable audio");
  }

  @Test
  void sha256IsLowerCaseHex() throws Exception {
    Path f = dir.resolve("f");
    Files.writeString(f, "abc");
    assertThat(Ffmpeg.sha256(f)).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
