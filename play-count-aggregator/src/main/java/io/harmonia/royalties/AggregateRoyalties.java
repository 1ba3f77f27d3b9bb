package io.harmonia.royalties;

import io.harmonia.plays.Play;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Qualified plays → per song and subscription tier: qualified plays, unique listeners and
 * milliseconds listened. Two exact steps that scale: first per (song, tier, listener), which makes
 * each listener one; then per (song, tier). The input must be unique per event (Cassandra's rows are).
 */
public final class AggregateRoyalties extends PTransform<PCollection<Play>, PCollection<SongTierTotals>> {

  private static final KvCoder<String, String> SONG_TIER = KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());

  @Override
  public PCollection<SongTierTotals> expand(PCollection<Play> qualifiedPlays) {
    return qualifiedPlays
        .apply("KeyByListener", MapElements
            .into(new TypeDescriptor<KV<KV<String, String>, Tally>>() {})
            .via((Play play) -> KV.of(KV.of(play.songId() + '\n' + play.subscription(), play.userId()),
                Tally.ofPlay(play.durationMs()))))
        .setCoder(KvCoder.of(SONG_TIER, new Tally.Coder()))
        .apply("SumPerListener", Combine.perKey(new Tally.Sum()))
        .apply("KeyBySongAndTier", MapElements
            .into(new TypeDescriptor<KV<String, Tally>>() {})
            .via((KV<KV<String, String>, Tally> perListener) ->
                KV.of(perListener.getKey().getKey(), perListener.getValue().asOneListener())))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), new Tally.Coder()))
        .apply("SumPerSongAndTier", Combine.perKey(new Tally.Sum()))
        .apply("ToTotals", MapElements
            .into(TypeDescriptor.of(SongTierTotals.class))
            .via((KV<String, Tally> perSongTier) -> {
              String[] songAndTier = perSongTier.getKey().split("\n", 2);
              Tally t = perSongTier.getValue();
              return new SongTierTotals(songAndTier[0], songAndTier[1], t.plays(), t.listeners(), t.msListened());
            }))
        .setCoder(SerializableCoder.of(SongTierTotals.class));
  }
}
