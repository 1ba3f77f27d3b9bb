package io.harmonia.pipelines.ingest;

import io.harmonia.pipelines.ingest.audio.Ffmpeg;
import io.harmonia.pipelines.ingest.objectstore.RenditionKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Finds each song's master and hashes it: the SHA-256 names the master and versions its renditions.
 * A missing or unreadable master fails that song here. Decoding waits until the catalog has said
 * whether it knows this master ({@link MeasureMasters}).
 */
public final class HashMasters extends PTransform<PCollection<CatalogSong>, PCollectionTuple> {

  public static final TupleTag<HashedSong> HASHED = new TupleTag<>() {};
  public static final TupleTag<SongOutcome> FAILED = new TupleTag<>() {};

  @Override
  public PCollectionTuple expand(PCollection<CatalogSong> songs) {
    return songs.apply("Sha256", ParDo.of(new HashMasterFn()).withOutputTags(HASHED, TupleTagList.of(FAILED)));
  }

  static final class HashMasterFn extends DoFn<CatalogSong, HashedSong> {
    private final Counter failed = IngestMetrics.counter(IngestMetrics.SONGS_FAILED);
    private final Counter settled = IngestMetrics.counter(IngestMetrics.SLOTS_SETTLED);
    private final Counter probeMillis = IngestMetrics.counter(IngestMetrics.PROBE_MILLIS);

    @ProcessElement
    public void process(@Element CatalogSong song, MultiOutputReceiver out) {
      long started = System.nanoTime();
      Path master = Path.of(song.masterPath());
      try {
        if (!Files.isRegularFile(master)) {
          fail(song, "master file not found: " + song.master(), out);
          return;
        }
        out.get(HASHED).output(new HashedSong(song, Ffmpeg.sha256(master)));
      } catch (IOException e) {
        fail(song, "cannot read master " + song.master() + ": " + e.getMessage(), out);
      } finally {
        probeMillis.inc((System.nanoTime() - started) / 1_000_000);
      }
    }

    private void fail(CatalogSong song, String reason, MultiOutputReceiver out) {
      failed.inc();
      settled.inc(RenditionKeys.BITRATES.size());
      out.get(FAILED).output(SongOutcome.failed(song.songId(), song.entry(), SongOutcome.Stage.PROBE, reason));
    }
  }
}
