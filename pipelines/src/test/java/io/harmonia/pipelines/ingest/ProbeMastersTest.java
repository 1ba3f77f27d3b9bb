package io.harmonia.pipelines.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.pipelines.ingest.audio.Ffmpeg;
import io.harmonia.pipelines.testing.Pipelines;
import io.harmonia.pipelines.testing.TestCatalogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeMastersTest {

  @TempDir Path dir;
  private final TestPipeline pipeline = Pipelines.testPipeline();

  private CatalogSong song(int entry, String id, String master, Integer declaredMs) {
    return new CatalogSong(entry, id, "T", new CatalogSong.Artist("a1", "A"), null, null, "pop", 2000, declaredMs,
        master, dir.resolve(master).toString());
  }

  @Test
  void hashesAndDecodesGoodMastersAndFailsMissingCorruptAndEmptyOnes() throws Exception {
    TestCatalogs.sineWav(dir.resolve("good.wav"), 2000, 440);
    TestCatalogs.sineWav(dir.resolve("short.wav"), 300, 440);
    Files.write(dir.resolve("corrupt.wav"), new byte[] {82, 73, 70, 70, 0, 1, 2, 3, 4, 5, 6});
    String goodSha = Ffmpeg.sha256(dir.resolve("good.wav"));

    PCollectionTuple out = pipeline
        .apply(Create.of(List.of(
                song(0, "good", "good.wav", 9000),
                song(1, "missing", "nope.wav", null),
                song(2, "corrupt", "corrupt.wav", null),
                song(3, "short", "short.wav", null)))
            .withCoder(SerializableCoder.of(CatalogSong.class)))
        .apply(new ProbeMasters(new Ffmpeg()));

    PAssert.that(out.get(ProbeMasters.PROBED)).satisfies(probed -> {
      ProbedSong good = probed.iterator().next();
      assertThat(probed).hasSize(1);
      assertThat(good.songId()).isEqualTo("good");
      assertThat(good.masterSha256()).isEqualTo(goodSha);
      assertThat(good.durationMs()).isEqualTo(2000);
      assertThat(good.warnings()).containsExactly(
          "manifest says duration_ms 9000 but the master decodes to 2000 ms; the decoded duration is stored");
      assertThat(good.objectKey(320)).isEqualTo("songs/good/320." + goodSha.substring(0, 12) + ".mp3");
      return null;
    });
    PAssert.that(out.get(ProbeMasters.FAILED)).satisfies(failed -> {
      List<SongOutcome> list = StreamSupport.stream(failed.spliterator(), false)
          .sorted(Comparator.comparingInt(SongOutcome::entry)).toList();
      assertThat(list).extracting(SongOutcome::songId).containsExactly("missing", "corrupt", "short");
      assertThat(list).allSatisfy(o -> assertThat(o.stage()).isEqualTo(SongOutcome.Stage.PROBE));
      assertThat(list.get(0).reason()).isEqualTo("master file not found: nope.wav");
      assertThat(list.get(1).reason()).startsWith("master corrupt.wav is not decodable audio (ffmpeg:");
      assertThat(list.get(2).reason()).isEqualTo(
          "master short.wav decodes to only 300 ms of audio (minimum 1000 ms): truncated or empty");
      return null;
    });
    pipeline.run().waitUntilFinish();
  }
}
