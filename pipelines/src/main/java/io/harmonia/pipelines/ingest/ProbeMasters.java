package io.harmonia.pipelines.ingest;

import io.harmonia.pipelines.ingest.audio.AudioException;
import io.harmonia.pipelines.ingest.audio.Ffmpeg;
import io.harmonia.pipelines.ingest.objectstore.RenditionKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Finds each song's master, hashes it (the version of its renditions) and decodes it completely:
 * the decoded duration becomes the song's duration, and a missing, unreadable or corrupt master
 * fails that song here, before any encode.
 */
public final class ProbeMasters extends PTransform<PCollection<CatalogSong>, PCollectionTuple> {

  public static final TupleTag<ProbedSong> PROBED = new TupleTag<>() {};
  public static final TupleTag<SongOutcome> FAILED = new TupleTag<>() {};

  /** Shorter than this is not a song but a broken file. */
  static final long MIN_DURATION_MS = 1000;
  /** A manifest duration further than this from the decoded one earns a warning. */
  static final long DURATION_TOLERANCE_MS = 2000;

  private final Ffmpeg ffmpeg;

  public ProbeMasters(Ffmpeg ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  @Override
  public PCollectionTuple expand(PCollection<CatalogSong> songs) {
    return songs.apply("HashAndDecode", ParDo.of(new ProbeMasterFn(ffmpeg)).withOutputTags(PROBED, TupleTagList.of(FAILED)));
  }

  static final class ProbeMasterFn extends DoFn<CatalogSong, ProbedSong> {
    private final Ffmpeg ffmpeg;
    private final Counter failed = IngestMetrics.counter(IngestMetrics.SONGS_FAILED);
    private final Counter settled = IngestMetrics.counter(IngestMetrics.SLOTS_SETTLED);
    private final Counter probeMillis = IngestMetrics.counter(IngestMetrics.PROBE_MILLIS);

    ProbeMasterFn(Ffmpeg ffmpeg) {
      this.ffmpeg = ffmpeg;
    }

    @ProcessElement
    public void process(@Element CatalogSong song, MultiOutputReceiver out) {
      long started = System.nanoTime();
      try {
        out.get(PROBED).output(probe(song));
      } catch (AudioException e) {
        failed.inc();
        settled.inc(RenditionKeys.BITRATES.size());
        out.get(FAILED).output(SongOutcome.failed(song.songId(), song.entry(), SongOutcome.Stage.PROBE, e.getMessage()));
      } finally {
        probeMillis.inc((System.nanoTime() - started) / 1_000_000);
      }
    }

    ProbedSong probe(CatalogSong song) throws AudioException {
      Path master = Path.of(song.masterPath());
      if (!Files.isRegularFile(master)) {
        throw new AudioException("master file not found: " + song.master());
      }
      String sha256;
      try {
        sha256 = Ffmpeg.sha256(master);
      } catch (IOException e) {
        throw new AudioException("cannot read master " + song.master() + ": " + e.getMessage());
      }
      long durationMs;
      try {
        durationMs = Math.round(ffmpeg.decodedDurationMicros(master) / 1000.0);
      } catch (AudioException e) {
        throw new AudioException("master " + song.master() + " is " + e.getMessage());
      }
      if (durationMs < MIN_DURATION_MS) {
        throw new AudioException("master " + song.master() + " decodes to only " + durationMs
            + " ms of audio (minimum " + MIN_DURATION_MS + " ms): truncated or empty");
      }
      List<String> warnings = new ArrayList<>();
      Integer declared = song.declaredDurationMs();
      if (declared != null && Math.abs(declared - durationMs) > DURATION_TOLERANCE_MS) {
        warnings.add("manifest says duration_ms " + declared + " but the master decodes to " + durationMs
            + " ms; the decoded duration is stored");
      }
      return new ProbedSong(song, sha256, durationMs, warnings);
    }
  }
}
