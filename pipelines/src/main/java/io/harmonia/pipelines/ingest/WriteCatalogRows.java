package io.harmonia.pipelines.ingest;

import io.harmonia.pipelines.ingest.catalog.CatalogStore;
import io.harmonia.pipelines.ingest.catalog.SongCacheEviction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Brings each song's renditions together with the song (a join by song id) and writes the song in
 * one PostgreSQL transaction: artists, album, song, {@code song_files} and outbox rows, or nothing.
 * A song with a failed rendition is not written; its outcome names the stage and the reason.
 *
 * <p>Input: a tuple of {@link #WORK} (songs to write) and {@link #RENDITIONS} (their renditions:
 * encoded, uploaded or found stored).
 */
public final class WriteCatalogRows extends PTransform<PCollectionTuple, PCollection<SongOutcome>> {

  public static final TupleTag<SongWork> WORK = new TupleTag<>() {};
  public static final TupleTag<Rendition> RENDITIONS = new TupleTag<>() {};

  private final boolean write;

  private WriteCatalogRows(boolean write) {
    this.write = write;
  }

  public static WriteCatalogRows toPostgres() {
    return new WriteCatalogRows(true);
  }

  /** The benchmark's encode-only mode: the same join, then a report instead of a write. */
  public static WriteCatalogRows reportOnly() {
    return new WriteCatalogRows(false);
  }

  @Override
  public PCollection<SongOutcome> expand(PCollectionTuple input) {
    PCollection<KV<String, SongWork>> work = input.get(WORK)
        .apply("KeyWorkBySong", WithKeys.of(SongWork::songId).withKeyType(TypeDescriptors.strings()));
    PCollection<KV<String, Rendition>> renditions = input.get(RENDITIONS)
        .apply("KeyRenditionsBySong", WithKeys.of(Rendition::songId).withKeyType(TypeDescriptors.strings()));
    PCollection<KV<String, CoGbkResult>> joined = KeyedPCollectionTuple.of(WORK, work).and(RENDITIONS, renditions)
        .apply("JoinBySong", CoGroupByKey.create());
    return joined.apply(write ? "WriteSongTransaction" : "ReportEncodedSong",
        ParDo.of(write ? new WriteSongFn() : new ReportEncodedFn()));
  }

  /** The song's work and its renditions, or the outcome that fails it. */
  abstract static class SongJoinFn extends DoFn<KV<String, CoGbkResult>, SongOutcome> {
    final Counter failed = IngestMetrics.counter(IngestMetrics.SONGS_FAILED);

    @ProcessElement
    public void process(@Element KV<String, CoGbkResult> joined, OutputReceiver<SongOutcome> out) {
      SongWork work = joined.getValue().getOnly(WORK, null);
      if (work == null) {
        return; // renditions of a song that failed before (cannot happen: renditions come from work)
      }
      List<Rendition> renditions = new ArrayList<>();
      joined.getValue().getAll(RENDITIONS).forEach(renditions::add);
      renditions.sort(Comparator.comparingInt(Rendition::bitrate));
      List<Rendition> failures = renditions.stream().filter(Rendition::isFailed).collect(Collectors.toList());
      if (!failures.isEmpty()) {
        failed.inc();
        out.output(SongOutcome.failed(work.songId(), work.probed().song().entry(), failures.get(0).failedStage(),
            failures.stream().map(Rendition::failure).collect(Collectors.joining("; "))));
        return;
      }
      out.output(complete(work, renditions));
    }

    abstract SongOutcome complete(SongWork work, List<Rendition> renditions);

    static int count(List<Rendition> renditions, boolean uploaded) {
      return (int) renditions.stream().filter(r -> uploaded ? r.uploaded() : r.encoded()).count();
    }
  }

  static final class WriteSongFn extends SongJoinFn {
    private final Counter written = IngestMetrics.counter(IngestMetrics.SONGS_WRITTEN);
    private final Counter unchanged = IngestMetrics.counter(IngestMetrics.SONGS_UNCHANGED);
    private final Counter writeMillis = IngestMetrics.counter(IngestMetrics.WRITE_MILLIS);
    private transient CatalogStore catalog;
    private transient SongCacheEviction cache;

    @Setup
    public void setup() {
      catalog = CatalogStore.shared();
      cache = SongCacheEviction.shared();
    }

    @Override
    SongOutcome complete(SongWork work, List<Rendition> renditions) {
      ProbedSong song = work.probed();
      long started = System.nanoTime();
      try {
        CatalogStore.WriteResult result = catalog.write(song, renditions);
        cache.evict(result.changedSongs()); // after the commit: a reader cannot cache the old rows again
        SongOutcome.Status status = result.songCreated() ? SongOutcome.Status.CREATED
            : result.changed() ? SongOutcome.Status.UPDATED : SongOutcome.Status.UNCHANGED;
        (status == SongOutcome.Status.UNCHANGED ? unchanged : written).inc();
        return new SongOutcome(song.songId(), song.song().entry(), status, null, null, count(renditions, false),
            count(renditions, true), song.warnings());
      } catch (Exception e) {
        failed.inc();
        return new SongOutcome(song.songId(), song.song().entry(), SongOutcome.Status.FAILED,
            SongOutcome.Stage.WRITE, "writing the catalog rows failed: " + e.getMessage(), count(renditions, false),
            count(renditions, true), song.warnings());
      } finally {
        writeMillis.inc((System.nanoTime() - started) / 1_000_000);
      }
    }
  }

  static final class ReportEncodedFn extends SongJoinFn {
    @Override
    SongOutcome complete(SongWork work, List<Rendition> renditions) {
      ProbedSong song = work.probed();
      return new SongOutcome(song.songId(), song.song().entry(), SongOutcome.Status.ENCODED, null, null,
          count(renditions, false), 0, song.warnings());
    }
  }
}
