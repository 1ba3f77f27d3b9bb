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
 *   <li>same master, all renditions listed, same rows: nothing (no decode, no encode, no upload, no
 *       write);
 *   <li>same master, but a rendition missing or other metadata: its duration is the catalog's; the
 *       missing renditions are encoded, the rows written ({@link #WORK});
 *   <li>a master the catalog does not know (new song, new master): decoded first
 *       ({@link #NEW_MASTERS}, then {@link MeasureMasters});
 *   <li>a rendition of this master already in the bucket but not in the catalog (a previous run
 *       stopped before its write): reused as found, not encoded again ({@link #FOUND_STORED}).
 * </ul>
 *
 * <p>In the benchmark's encode-only mode the stores are not asked: every master is new.
 */
public final class PlanSongs extends PTransform<PCollection<HashedSong>, PCollectionTuple> {

  public static final TupleTag<SongWork> WORK = new TupleTag<>() {};
  public static final TupleTag<NewMaster> NEW_MASTERS = new TupleTag<>() {};
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
  public PCollectionTuple expand(PCollection<HashedSong> songs) {
    DoFn<HashedSong, SongWork> fn = askStores ? new PlanAgainstStoresFn() : new EncodeEverythingFn();
    return songs.apply(askStores ? "CompareWithStores" : "EncodeEverything",
        ParDo.of(fn).withOutputTags(WORK, TupleTagList.of(NEW_MASTERS).and(FOUND_STORED).and(SETTLED)));
  }

  static final class EncodeEverythingFn extends DoFn<HashedSong, SongWork> {
    @ProcessElement
    public void process(@Element HashedSong song, MultiOutputReceiver out) {
      out.get(NEW_MASTERS).output(new NewMaster(song, RenditionKeys.BITRATES));
    }
  }

  static final class PlanAgainstStoresFn extends DoFn<HashedSong, SongWork> {
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
    public void process(@Element HashedSong song, MultiOutputReceiver out) {
      CatalogRows.Stored stored;
      List<Integer> toEncode = new ArrayList<>();
      List<Rendition> found = new ArrayList<>();
      try {
        stored = catalog.read(song.song());
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
      foundStored.inc(found.size());
      found.forEach(out.get(FOUND_STORED)::output);
      if (!CatalogRows.knowsMaster(stored, song)) {
        out.get(NEW_MASTERS).output(new NewMaster(song, toEncode));
        return;
      }
      long durationMs = stored.song().durationMs(); // this master's, measured when it was first ingested
      ProbedSong probed = new ProbedSong(song.song(), song.masterSha256(), durationMs,
          MeasureMasters.durationWarnings(song.song(), durationMs));
      if (toEncode.isEmpty() && found.isEmpty() && CatalogRows.rowsUpToDate(CatalogRows.Desired.of(probed), stored)) {
        unchanged.inc();
        out.get(SETTLED).output(new SongOutcome(song.songId(), song.song().entry(), SongOutcome.Status.UNCHANGED,
            null, null, 0, 0, probed.warnings()));
        return;
      }
      out.get(WORK).output(new SongWork(probed, toEncode));
    }
  }
}
