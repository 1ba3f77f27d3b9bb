package io.harmonia.royalties;

import static io.harmonia.testing.Plays.play;

import io.harmonia.plays.Play;
import io.harmonia.plays.PlayCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class AggregateRoyaltiesTest {

  @Test
  void totalsPerSongAndTierCountEachListenerOnce(TestPipeline pipeline) {
    PCollection<Play> plays = pipeline.apply(Create.of(
        play("u1", "song-a", "2026-01-31T10:00:00Z", 30_000, "PREMIUM"),
        play("u1", "song-a", "2026-01-31T11:00:00Z", 40_000, "PREMIUM"),
        play("u2", "song-a", "2026-01-31T12:00:00Z", 50_000, "PREMIUM"),
        play("u3", "song-a", "2026-01-31T12:00:00Z", 60_000, "FREE"),
        play("u1", "song-b", "2026-01-31T13:00:00Z", 200_000, "PREMIUM"))
        .withCoder(PlayCoder.of()));

    PAssert.that(plays.apply(new AggregateRoyalties())).containsInAnyOrder(
        new SongTierTotals("song-a", "PREMIUM", 3, 2, 120_000),
        new SongTierTotals("song-a", "FREE", 1, 1, 60_000),
        new SongTierTotals("song-b", "PREMIUM", 1, 1, 200_000));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void noPlaysGiveNoRows(TestPipeline pipeline) {
    PCollection<Play> plays = pipeline.apply(Create.empty(PlayCoder.of()));
    PAssert.that(plays.apply(new AggregateRoyalties())).empty();
    pipeline.run().waitUntilFinish();
  }
}
