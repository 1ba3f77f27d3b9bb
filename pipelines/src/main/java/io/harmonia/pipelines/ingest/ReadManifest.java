package io.harmonia.pipelines.ingest;

import io.harmonia.pipelines.ingest.manifest.CatalogManifest;
import io.harmonia.pipelines.ingest.manifest.ManifestEntry;
import java.nio.file.Path;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads a catalog manifest into one {@link ManifestEntry} per song, then spreads the entries over
 * the workers: the manifest is one file, read by one worker, while every later step (decode,
 * encode) is heavy per song and should run on all of them.
 */
public final class ReadManifest extends PTransform<PBegin, PCollection<ManifestEntry>> {

  private final String catalog;

  private ReadManifest(String catalog) {
    this.catalog = catalog;
  }

  /** A catalog directory (holding {@code catalog.json}) or the manifest file itself. */
  public static ReadManifest from(String catalog) {
    return new ReadManifest(catalog);
  }

  @Override
  public PCollection<ManifestEntry> expand(PBegin begin) {
    return begin
        .apply("CatalogPath", Create.of(catalog))
        .apply("ExpandSongs", ParDo.of(new ExpandSongsFn()))
        .apply("SpreadSongs", Reshuffle.viaRandomKey());
  }

  static final class ExpandSongsFn extends DoFn<String, ManifestEntry> {
    @ProcessElement
    public void process(@Element String catalog, OutputReceiver<ManifestEntry> out) {
      CatalogManifest.read(Path.of(catalog)).entries().forEach(out::output);
    }
  }
}
