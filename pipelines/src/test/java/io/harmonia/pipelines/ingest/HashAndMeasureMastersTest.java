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

/** HashMasters, then MeasureMasters: a master is found and hashed, then (when new) decoded. */
class HashAndMeasureMastersTest {

  @TempDir Path dir;

  private CatalogSong song(int entry, String id, String master, Integer declaredMs) {
    return new CatalogSong(entry, id, "T", new CatalogSong.Artist("a1", "A"), null, null, "pop", 2000, declaredMs,
        master, dir.resolve(master).toString());
  }

  @Test
  void hashesFoundMastersAndFailsMissingOnes() throws Exception {
    TestCatalogs.sineWav(dir.resolve("good.wav"), 2000, 440);
    String sha = Ffmpeg.sha256(dir.resolve("good.wav"));
    TestPipeline pipeline = Pipelines.testPipeline();

    PCollectionTuple out = pipeline
        .apply(Create.of(List.of(song(0, "good", "good.wav", null), song(1, "missing", "nope.wav", null)))
            .withCoder(SerializableCoder.of(CatalogSong.class)))
        .apply(new HashMasters());

    PAssert.that(out.get(HashMasters.HASHED)).satisfies(hashed -> {
      assertThat(hashed).singleElement().satisfies(h -> {
        assertThat(h.songId()).isEqualTo("good");
        assertThat(h.masterSha256()).isEqualTo(sha);
        assertThat(h.objectKey(320)).isEqualTo("songs/good/320." + sha.substring(0, 12) + ".mp3");
      });
      return null;
    });
    PAssert.that(out.get(HashMasters.FAILED)).satisfies(failed -> {
      assertThat(failed).singleElement().satisfies(f -> {
        assertThat(f.songId()).isEqualTo("missing");
        assertThat(f.stage()).isEqualTo(SongOutcome.Stage.PROBE);
        assertThat(f.reason()).isEqualTo("master file not found: nope.wav");
      });
      return null;
    });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void decodesNewMastersForTheirDurationAndFailsCorruptAndEmptyOnes() throws Exception {
    TestCatalogs.sineWav(dir.resolve("good.wav"), 2000, 440);
    TestCatalogs.sineWav(dir.resolve("short.wav"), 300, 440);
    Files.write(dir.resolve("corrupt.wav"), new byte[] {82, 73, 70, 70, 0, 1, 2, 3, 4, 5, 6});
    String sha = "ab".repeat(32);
    TestPipeline pipeline = Pipelines.testPipeline();

    PCollectionTuple out = pipeline
        .apply(Create.of(List.of(
                new NewMaster(new HashedSong(song(0, "good", "good.wav", 9000), sha), List.of(128, 320)),
                new NewMaster(new HashedSong(song(2, "corrupt", "corrupt.wav", null), sha), List.of(128, 256, 320)),
                new NewMaster(new HashedSong(song(3, "short", "short.wav", null), sha), List.of(128, 256, 320))))
            .withCoder(SerializableCoder.of(NewMaster.class)))
        .apply(new MeasureMasters(new Ffmpeg()));

    PAssert.that(out.get(MeasureMasters.MEASURED)).satisfies(measured -> {
      assertThat(measured).singleElement().satisfies(work -> {
        assertThat(work.songId()).isEqualTo("good");
        assertThat(work.bitratesToEncode()).containsExactly(128, 320);
        assertThat(work.probed().durationMs()).isEqualTo(2000);
        assertThat(work.probed().masterSha256()).isEqualTo(sha);
        assertThat(work.probed().warnings()).containsExactly(
            "manifest says duration_ms 9000 but the master decodes to 2000 ms; the decoded duration is stored");
      });
      return null;
    });
    PAssert.that(out.get(MeasureMasters.FAILED)).satisfies(failed -> {
      List<SongOutcome> list = StreamSupport.stream(failed.spliterator(), false)
          .sorted(Comparator.comparingInt(SongOutcome::entry)).toList();
      assertThat(list).extracting(SongOutcome::songId).containsExactly("corrupt", "short");
      assertThat(list).allSatisfy(o -> assertThat(o.stage()).isEqualTo(SongOutcome.Stage.PROBE));
      assertThat(list.get(0).reason()).startsWith("master corrupt.wav is not decodable audio (ffmpeg:");
      assertThat(list.get(1).reason()).isEqualTo(
          "master short.wav decodes to only 300 ms of audio (minimum 1000 ms): truncated or empty");
      return null;
    });
    pipeline.run().waitUntilFinish();
  }
}
