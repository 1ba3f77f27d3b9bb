package io.harmonia.pipelines.ingest;

import io.harmonia.pipelines.ingest.catalog.CatalogRows;
import io.harmonia.pipelines.ingest.catalog.CatalogStore;
import io.harmonia.pipelines.ingest.objectstore.RenditionKeys;
import io.harmonia.pipelines.ingest.objectstore.RenditionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Decides, per song, what is left to do, from what the catalog (PostgreSQL) and the bucket already
 * hold:
 *
 * <ul>
 *   <li>same master, all renditions listed, same rows: nothing (no encode, no upload, no write);
 *   <li>a rendition of this master already in the bucket but not in the catalog (a previous run
 *       stopped before its write): reused as found, not encoded again;
 *   <li>otherwise: the missing renditions are encoded, and the rows written.
 * </ul>
 *
 * <p>In the benchmark's encode-only mode the stores are not asked: every rendition is encoded.
 */
public final class PlanSongs extends PTransform<PCollection<ProbedSong>, PCollectionTuple> {

  public static final TupleTag<SongWork> WORK = new TupleTag<>() {};
  public static final TupleTag<Rendition> FOUND_STORED = new TupleTag<>() {};
  public static final TupleTag<SongOutcome> SETTLED = new TupleTag<>() {};

  private final boolean askStores;

  private PlanSongs(boolean askStores) {
    this.askStores = askStores;
  }

  public static PlanSongs againstStores() {
    return new PlanSongs(true);
  }

  public static PlanSongs encodeEverything() {
    return new PlanSongs(false);
  }

  @Override
  public PCollectionTuple expand(PCollection<ProbedSong> songs) {
    DoFn<ProbedSong, SongWork> fn = askStores ? new PlanAgainstStoresFn() : new EncodeEverythingFn();
    return songs.apply(askStores ? "CompareWithStores" : "EncodeEverything",
        ParDo.of(fn).withOutputTags(WORK, TupleTagList.of(FOUND_STORED).and(SETTLED)));
  }

  static final class EncodeEverythingFn extends DoFn<ProbedSong, SongWork> {
    @ProcessElement
    public void process(@Element ProbedSong song, OutputReceiver<SongWork> out) {
      out.output(new SongWork(song, RenditionKeys.BITRATES));
    }
  }

  static final class PlanAgainstStoresFn extends DoFn<ProbedSong, SongWork> {
    private final Counter unchanged = IngestMetrics.counter(IngestMetrics.SONGS_UNCHANGED);
    private final Counter failed = IngestMetrics.counter(IngestMetrics.SONGS_FAILED);
    private final Counter settled = IngestMetrics.counter(IngestMetrics.SLOTS_SETTLED);
    private final Counter foundStored = IngestMetrics.counter(IngestMetrics.RENDITIONS_FOUND_STORED);
    private transient CatalogStore catalog;
    private transient RenditionStore bucket;

    @Setup
    public void setup() {
      catalog = CatalogStore.shared();
      bucket = RenditionStore.shared();
    }

    @ProcessElement
    public void process(@Element ProbedSong song, MultiOutputReceiver out) {
      CatalogRows.Stored stored;
      CatalogRows.Desired desired = CatalogRows.Desired.of(song);
      List<Integer> toEncode = new ArrayList<>();
      List<Rendition> found = new ArrayList<>();
      try {
        stored = catalog.read(desired);
        for (int bitrate : RenditionKeys.BITRATES) {
          if (CatalogRows.hasRendition(stored, song, bitrate)) {
            continue;
          }
          Optional<RenditionStore.StoredObject> object = bucket.find(song.objectKey(bitrate));
          if (object.isPresent() && object.get().describesItself()) {
            RenditionStore.StoredObject o = object.get();
            found.add(Rendition.foundStored(song.songId(), bitrate, o.key(), o.sizeBytes(), o.durationMs(), o.sha256()));
          } else {
            // absent, or present without its description: the upload step decides (it never overwrites)
            toEncode.add(bitrate);
          }
        }
      } catch (Exception e) {
        failed.inc();
        settled.inc(RenditionKeys.BITRATES.size());
        out.get(SETTLED).output(SongOutcome.failed(song.songId(), song.song().entry(), SongOutcome.Stage.PLAN,
            "cannot read the catalog or the bucket: " + e));
        return;
      }
      settled.inc(RenditionKeys.BITRATES.size() - toEncode.size());
      if (toEncode.isEmpty() && found.isEmpty() && CatalogRows.rowsUpToDate(desired, stored)) {
        unchanged.inc();
        out.get(SETTLED).output(new SongOutcome(song.songId(), song.song().entry(), SongOutcome.Status.UNCHANGED,
            null, null, 0, 0, song.warnings()));
        return;
      }
      foundStored.inc(found.size());
      found.forEach(out.get(FOUND_STORED)::output);
      out.get(WORK).output(new SongWork(song, toEncode));
    }
  }
}
