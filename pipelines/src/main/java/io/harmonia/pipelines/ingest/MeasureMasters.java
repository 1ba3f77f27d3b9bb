package io.harmonia.pipelines.ingest;

import io.harmonia.pipelines.ingest.audio.AudioException;
import io.harmonia.pipelines.ingest.audio.Ffmpeg;
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
 * Decodes each new master completely, before any of its renditions is encoded: the decoded length
 * becomes the song's duration, and a corrupt or empty master fails the song here, in ffmpeg's words.
 */
public final class MeasureMasters extends PTransform<PCollection<NewMaster>, PCollectionTuple> {

  public static final TupleTag<SongWork> MEASURED = new TupleTag<>() {};
  public static final TupleTag<SongOutcome> FAILED = new TupleTag<>() {};

  /** Shorter than this is not a song but a broken file. */
  static final long MIN_DURATION_MS = 1000;
  /** A manifest duration further than this from the decoded one earns a warning. */
  static final long DURATION_TOLERANCE_MS = 2000;

  private final Ffmpeg ffmpeg;

  public MeasureMasters(Ffmpeg ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  @Override
  public PCollectionTuple expand(PCollection<NewMaster> masters) {
    return masters.apply("Decode", ParDo.of(new DecodeMasterFn(ffmpeg)).withOutputTags(MEASURED, TupleTagList.of(FAILED)));
  }

  /** Warnings about a song whose master decodes to the given length. */
  static List<String> durationWarnings(CatalogSong song, long durationMs) {
    List<String> warnings = new ArrayList<>();
    Integer declared = song.declaredDurationMs();
    if (declared != null && Math.abs(declared - durationMs) > DURATION_TOLERANCE_MS) {
      warnings.add("manifest says duration_ms " + declared + " but the master decodes to " + durationMs
          + " ms; the decoded duration is stored");
    }
    return warnings;
  }

  static final class DecodeMasterFn extends DoFn<NewMaster, SongWork> {
    private final Ffmpeg ffmpeg;
    private final Counter failed = IngestMetrics.counter(IngestMetrics.SONGS_FAILED);
    private final Counter settled = IngestMetrics.counter(IngestMetrics.SLOTS_SETTLED);
    private final Counter probeMillis = IngestMetrics.counter(IngestMetrics.PROBE_MILLIS);

    DecodeMasterFn(Ffmpeg ffmpeg) {
      this.ffmpeg = ffmpeg;
    }

    @ProcessElement
    public void process(@Element NewMaster master, MultiOutputReceiver out) {
      CatalogSong song = master.hashed().song();
      long started = System.nanoTime();
      try {
        long durationMs = Math.round(decode(song) / 1000.0);
        if (durationMs < MIN_DURATION_MS) {
          throw new AudioException("master " + song.master() + " decodes to only " + durationMs
              + " ms of audio (minimum " + MIN_DURATION_MS + " ms): truncated or empty");
        }
        ProbedSong probed = new ProbedSong(song, master.hashed().masterSha256(), durationMs,
            durationWarnings(song, durationMs));
        out.get(MEASURED).output(new SongWork(probed, master.bitratesToEncode()));
      } catch (AudioException e) {
        failed.inc();
        settled.inc(master.bitratesToEncode().size());
        out.get(FAILED).output(SongOutcome.failed(song.songId(), song.entry(), SongOutcome.Stage.PROBE, e.getMessage()));
      } finally {
        probeMillis.inc((System.nanoTime() - started) / 1_000_000);
      }
    }

    private long decode(CatalogSong song) throws AudioException {
      try {
        return ffmpeg.decodedDurationMicros(java.nio.file.Path.of(song.masterPath()));
      } catch (AudioException e) {
        throw new AudioException("master " + song.master() + " is " + e.getMessage());
      }
    }
  }
}
