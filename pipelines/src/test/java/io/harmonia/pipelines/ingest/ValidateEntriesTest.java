package io.harmonia.pipelines.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.pipelines.ingest.manifest.ManifestEntry;
import io.harmonia.pipelines.testing.Pipelines;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;

class ValidateEntriesTest {

  private final TestPipeline pipeline = Pipelines.testPipeline();

  private static final String ARTIST = "{\"artist_id\": \"a1\", \"name\": \"Nina Simone\"}";

  private static ManifestEntry entry(int index, String song) {
    return new ManifestEntry(index, song, ARTIST, null, null, List.of(), "/c");
  }

  @Test
  void validEntriesGoOnAndInvalidOnesBecomeFailedOutcomesWithEveryReason() {
    List<ManifestEntry> entries = List.of(
        entry(0, "{\"song_id\": \"s1\", \"title\": \"Sinnerman\", \"artist_id\": \"a1\", \"genre\": \"jazz\","
            + " \"release_year\": 1965, \"master\": \"m/s1.wav\"}"),
        entry(1, "{\"song_id\": \"s2\", \"title\": \"Feeling Good\", \"artist_id\": \"a1\", \"genre\": \"jazz\","
            + " \"release_year\": 3000, \"master\": \"m/s2.wav\"}"),
        entry(2, "{\"song_id\": \"bad id\", \"artist_id\": \"a1\"}"),
        entry(3, "not json at all"));

    PCollectionTuple out = pipeline
        .apply(Create.of(entries).withCoder(SerializableCoder.of(ManifestEntry.class)))
        .apply(new ValidateEntries());

    PAssert.that(out.get(ValidateEntries.VALID)).satisfies(valid -> {
      assertThat(valid).extracting(CatalogSong::songId).containsExactly("s1");
      return null;
    });
    PAssert.that(out.get(ValidateEntries.FAILED)).satisfies(failed -> {
      List<SongOutcome> list = StreamSupport.stream(failed.spliterator(), false)
          .sorted(java.util.Comparator.comparingInt(SongOutcome::entry)).toList();
      assertThat(list).extracting(SongOutcome::songId).containsExactly("s2", "bad id", null);
      assertThat(list).allSatisfy(o -> {
        assertThat(o.status()).isEqualTo(SongOutcome.Status.FAILED);
        assertThat(o.stage()).isEqualTo(SongOutcome.Stage.VALIDATE);
      });
      assertThat(list.get(0).reason()).contains("release_year 3000 is outside 1800..");
      assertThat(list.get(1).reason()).contains("song_id \"bad id\" is not a valid id", "title is missing",
          "master is missing");
      assertThat(list.get(2).reason()).isEqualTo("the song entry is not a JSON object");
      return null;
    });
    pipeline.run().waitUntilFinish();
  }
}
