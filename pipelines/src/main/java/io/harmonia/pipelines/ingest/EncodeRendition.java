package io.harmonia.pipelines.ingest;

import io.harmonia.pipelines.ingest.audio.AudioException;
import io.harmonia.pipelines.ingest.audio.Ffmpeg;
import io.harmonia.pipelines.ingest.audio.Mp3Header;
import io.harmonia.pipelines.ingest.objectstore.RenditionKeys;
import io.harmonia.pipelines.ingest.objectstore.RenditionStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * One rendition of every song that needs it: encode the master to MP3 at one bitrate with ffmpeg,
 * then store the file in the bucket. The pipeline applies one of these per bitrate, side by side,
 * so the runner runs the three encodes of a song (and of many songs) in parallel.
 *
 * <p>The encoded file passes from the encode step to the upload step as a path in the scratch
 * directory: the two steps are fused (no shuffle between them), so they run in the same worker.
 * A failed encode or upload becomes a failed rendition, which fails its song at the write step.
 */
public final class EncodeRendition extends PTransform<PCollection<SongWork>, PCollection<Rendition>> {

  private final int bitrate;
  private final Ffmpeg ffmpeg;
  private final String scratchDir;
  private final boolean store;

  private EncodeRendition(int bitrate, Ffmpeg ffmpeg, String scratchDir, boolean store) {
    this.bitrate = bitrate;
    this.ffmpeg = ffmpeg;
    this.scratchDir = scratchDir;
    this.store = store;
  }

  /** Encode and upload to the media bucket. */
  public static EncodeRendition toBucket(int bitrate, Ffmpeg ffmpeg, String scratchDir) {
    return new EncodeRendition(bitrate, ffmpeg, scratchDir, true);
  }

  /** Encode only, then delete the file (the benchmark's encode-only mode). */
  public static EncodeRendition encodeOnly(int bitrate, Ffmpeg ffmpeg, String scratchDir) {
    return new EncodeRendition(bitrate, ffmpeg, scratchDir, false);
  }

  @Override
  public PCollection<Rendition> expand(PCollection<SongWork> work) {
    int kbps = bitrate;
    PCollection<Rendition> encoded = work
        .apply("SelectSongs", Filter.by((SongWork w) -> w.needs(kbps)))
        .apply("EncodeMp3", ParDo.of(new EncodeMp3Fn(bitrate, ffmpeg, scratchDir)));
    return store
        ? encoded.apply("UploadToBucket", ParDo.of(new UploadRenditionFn()))
        : encoded.apply("DeleteLocalFile", ParDo.of(new DeleteLocalFileFn()));
  }

  /**
   * Encodes, then reads the result's exact (gapless) duration from its own LAME header (which also
   * proves the file complete) and hashes its bytes.
   */
  static final class EncodeMp3Fn extends DoFn<SongWork, Rendition> {
    private final int bitrate;
    private final Ffmpeg ffmpeg;
    private final String scratchDir;
    private final Counter encoded = IngestMetrics.counter(IngestMetrics.RENDITIONS_ENCODED);
    private final Counter encodeMillis = IngestMetrics.counter(IngestMetrics.ENCODE_MILLIS);
    private final Counter audioMillis = IngestMetrics.counter(IngestMetrics.AUDIO_MILLIS_ENCODED);
    private final Counter settled = IngestMetrics.counter(IngestMetrics.SLOTS_SETTLED);

    EncodeMp3Fn(int bitrate, Ffmpeg ffmpeg, String scratchDir) {
      this.bitrate = bitrate;
      this.ffmpeg = ffmpeg;
      this.scratchDir = scratchDir;
    }

    @ProcessElement
    public void process(@Element SongWork work, OutputReceiver<Rendition> out) {
      ProbedSong song = work.probed();
      String key = song.objectKey(bitrate);
      long started = System.nanoTime();
      Path file = null;
      try {
        Files.createDirectories(Path.of(scratchDir));
        file = Path.of(scratchDir, song.songId() + "-" + bitrate + "-" + UUID.randomUUID() + ".mp3");
        ffmpeg.encodeMp3(Path.of(song.song().masterPath()), bitrate, file);
        long durationMs = Math.round(Mp3Header.gaplessDurationMicros(file) / 1000.0);
        out.output(Rendition.encoded(song.songId(), bitrate, key, file.toString(), Files.size(file), durationMs,
            Ffmpeg.sha256(file)));
        encoded.inc();
        audioMillis.inc(song.durationMs());
      } catch (AudioException | IOException | RuntimeException e) {
        deleteQuietly(file);
        out.output(Rendition.failed(song.songId(), bitrate, key, SongOutcome.Stage.ENCODE,
            "encoding " + song.song().master() + " at " + bitrate + " kbps failed: " + e.getMessage()));
      } finally {
        encodeMillis.inc((System.nanoTime() - started) / 1_000_000);
        settled.inc();
      }
    }
  }

  /** Stores the encoded file under its versioned key, never over an existing object. */
  static final class UploadRenditionFn extends DoFn<Rendition, Rendition> {
    private final Counter uploaded = IngestMetrics.counter(IngestMetrics.RENDITIONS_UPLOADED);
    private final Counter bytesUploaded = IngestMetrics.counter(IngestMetrics.BYTES_UPLOADED);
    private final Counter uploadMillis = IngestMetrics.counter(IngestMetrics.UPLOAD_MILLIS);
    private transient RenditionStore bucket;

    @Setup
    public void setup() {
      bucket = RenditionStore.shared();
    }

    @ProcessElement
    public void process(@Element Rendition rendition, OutputReceiver<Rendition> out) {
      if (rendition.isFailed()) {
        out.output(rendition);
        return;
      }
      long started = System.nanoTime();
      Path file = Path.of(rendition.localFile());
      try {
        RenditionStore.PutResult put = bucket.putIfAbsent(rendition.objectKey(), file, rendition.sizeBytes(),
            rendition.sha256(), rendition.durationMs(), RenditionKeys.versionOf(rendition.objectKey()));
        RenditionStore.StoredObject object = put.object();
        if (!object.describesItself()) {
          out.output(Rendition.failed(rendition.songId(), rendition.bitrate(), rendition.objectKey(),
              SongOutcome.Stage.UPLOAD, "object " + rendition.objectKey()
                  + " exists but was not stored by ingest (no sha256/duration metadata); it is never overwritten"));
          return;
        }
        if (put.uploaded()) {
          uploaded.inc();
          bytesUploaded.inc(object.sizeBytes());
        }
        out.output(rendition.stored(object.sizeBytes(), object.durationMs(), object.sha256(), put.uploaded()));
      } catch (RuntimeException e) {
        out.output(Rendition.failed(rendition.songId(), rendition.bitrate(), rendition.objectKey(),
            SongOutcome.Stage.UPLOAD, "upload of " + rendition.objectKey() + " failed: " + e.getMessage()));
      } finally {
        deleteQuietly(file);
        uploadMillis.inc((System.nanoTime() - started) / 1_000_000);
      }
    }
  }

  static final class DeleteLocalFileFn extends DoFn<Rendition, Rendition> {
    @ProcessElement
    public void process(@Element Rendition rendition, OutputReceiver<Rendition> out) {
      if (rendition.localFile() != null) {
        deleteQuietly(Path.of(rendition.localFile()));
      }
      out.output(rendition.withoutLocalFile());
    }
  }

  static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // scratch files are removed with the run's scratch directory anyway
      }
    }
  }
}
