package io.harmonia.pipelines.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.pipelines.ingest.manifest.EntryValidator;
import io.harmonia.pipelines.ingest.manifest.ManifestEntry;
import io.harmonia.pipelines.ingest.objectstore.RenditionKeys;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Checks each manifest entry ({@link EntryValidator}): valid songs go on, invalid entries become
 * failed outcomes naming every problem. Nothing of an invalid entry is encoded or written.
 */
public final class ValidateEntries extends PTransform<PCollection<ManifestEntry>, PCollectionTuple> {

  public static final TupleTag<CatalogSong> VALID = new TupleTag<>() {};
  public static final TupleTag<SongOutcome> FAILED = new TupleTag<>() {};

  @Override
  public PCollectionTuple expand(PCollection<ManifestEntry> entries) {
    return entries.apply("CheckEntry", ParDo.of(new ValidateEntryFn()).withOutputTags(VALID, TupleTagList.of(FAILED)));
  }

  static final class ValidateEntryFn extends DoFn<ManifestEntry, CatalogSong> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Counter failed = IngestMetrics.counter(IngestMetrics.SONGS_FAILED);
    private final Counter settled = IngestMetrics.counter(IngestMetrics.SLOTS_SETTLED);
    private transient EntryValidator validator;

    @Setup
    public void setup() {
      validator = new EntryValidator();
    }

    @ProcessElement
    public void process(@Element ManifestEntry entry, MultiOutputReceiver out) {
      EntryValidator.Result result = validator.validate(entry);
      if (result.valid()) {
        out.get(VALID).output(result.song());
      } else {
        failed.inc();
        settled.inc(RenditionKeys.BITRATES.size());
        out.get(FAILED).output(SongOutcome.failed(songIdOf(entry), entry.index(), SongOutcome.Stage.VALIDATE,
            String.join("; ", result.problems())));
      }
    }

    /** The song id as the manifest writes it, for the summary (null when there is none). */
    static String songIdOf(ManifestEntry entry) {
      try {
        JsonNode id = JSON.readTree(entry.songJson()).get("song_id");
        return id == null || id.isNull() ? null : id.isTextual() ? id.asText() : id.toString();
      } catch (JsonProcessingException e) {
        return null;
      }
    }
  }
}
