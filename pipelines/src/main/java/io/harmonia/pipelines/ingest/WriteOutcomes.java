package io.harmonia.pipelines.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Every song's outcome as a JSON line in the run's outcome directory, which the launcher folds
 * into the run summary once the pipeline is done.
 */
public final class WriteOutcomes extends PTransform<PCollection<SongOutcome>, PDone> {

  private static final String PREFIX = "outcomes";
  private static final String SUFFIX = ".jsonl";

  private final String directory;

  private WriteOutcomes(String directory) {
    this.directory = directory;
  }

  public static WriteOutcomes to(String directory) {
    return new WriteOutcomes(directory);
  }

  @Override
  public PDone expand(PCollection<SongOutcome> outcomes) {
    return outcomes
        .apply("ToJsonLines", MapElements.into(TypeDescriptors.strings()).via(SongOutcome::toJson))
        .apply("WriteJsonLines", TextIO.write().to(Path.of(directory, PREFIX).toString()).withSuffix(SUFFIX)
            .withNumShards(1));
  }

  /** The outcomes a run wrote (none if it wrote nothing). */
  public static List<SongOutcome> read(Path directory) {
    ObjectMapper json = new ObjectMapper();
    List<SongOutcome> outcomes = new ArrayList<>();
    for (Path file : CatalogIngest.list(directory, PREFIX + "*" + SUFFIX)) {
      try {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            outcomes.add(SongOutcome.fromJson(json.readTree(line)));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return outcomes;
  }
}
