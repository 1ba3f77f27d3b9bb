package io.harmonia.pipelines.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.pipelines.ingest.audio.Ffmpeg;
import io.harmonia.pipelines.testing.Pipelines;
import io.harmonia.pipelines.testing.TestCatalogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One rendition step with the real ffmpeg, in encode-only mode (no bucket). */
class EncodeRenditionTest {

  @TempDir Path dir;
  private final TestPipeline pipeline = Pipelines.testPipeline();

  private SongWork work(String id, String master, String sha, List<Integer> bitrates) {
    CatalogSong song = new CatalogSong(0, id, "T", new CatalogSong.Artist("a1", "A"), null, null, "pop", 2000, null,
        master, dir.resolve(master).toString());
    return new SongWork(new ProbedSong(song, sha, 1500, List.of()), bitrates);
  }

  @Test
  void encodesOnlyTheSongsThatNeedItsBitrateAndDescribesEachRendition() throws Exception {
    TestCatalogs.sineWav(dir.resolve("a.wav"), 1500, 440);
    Files.write(dir.resolve("bad.wav"), new byte[] {1, 2, 3});
    String sha = Ffmpeg.sha256(dir.resolve("a.wav"));
    Path scratch = dir.resolve("scratch");

    PCollection<Rendition> renditions = pipeline
        .apply(Create.of(List.of(
                work("needs-it", "a.wav", sha, List.of(128, 256)),
                work("has-it", "a.wav", sha, List.of(320)),
                work("broken", "bad.wav", "0".repeat(64), List.of(256))))
            .withCoder(SerializableCoder.of(SongWork.class)))
        .apply(EncodeRendition.encodeOnly(256, new Ffmpeg(), scratch.toString()));

    PAssert.that(renditions).satisfies(all -> {
      List<Rendition> list = StreamSupport.stream(all.spliterator(), false)
          .sorted(java.util.Comparator.comparing(Rendition::songId)).toList();
      assertThat(list).extracting(Rendition::songId).containsExactly("broken", "needs-it");
      Rendition broken = list.get(0);
      assertThat(broken.isFailed()).isTrue();
      assertThat(broken.failedStage()).isEqualTo(SongOutcome.Stage.ENCODE);
      assertThat(broken.failure()).startsWith("encoding bad.wav at 256 kbps failed: ffmpeg could not encode bad.wav");
      Rendition ok = list.get(1);
      assertThat(ok.isFailed()).isFalse();
      assertThat(ok.encoded()).isTrue();
      assertThat(ok.uploaded()).isFalse();
      assertThat(ok.bitrate()).isEqualTo(256);
      assertThat(ok.objectKey()).isEqualTo("songs/needs-it/256." + sha.substring(0, 12) + ".mp3");
      assertThat(ok.durationMs()).isEqualTo(1500);
      assertThat(ok.sizeBytes()).isBetween(40_000L, 56_000L); // 256 kbit/s × 1.5 s ≈ 48 kB
      assertThat(ok.sha256()).matches("[0-9a-f]{64}");
      assertThat(ok.localFile()).isNull(); // encode-only deletes the file
      return null;
    });
    pipeline.run().waitUntilFinish();

    try (var left = Files.list(scratch)) {
      assertThat(left).isEmpty();
    }
  }
}
