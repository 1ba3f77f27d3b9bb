package io.harmonia.pipelines.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one ingest run did: per-song outcomes (the failed ones with stage and reason: the run's
 * dead letters), counts, and where the time went. Written as JSON to
 * {@code <runs dir>/<run id>.json}; returned by {@link CatalogIngest#run}.
 *
 * @param counters the run's Beam counters ({@link IngestMetrics}), as attempted by the runner
 * @param error why the pipeline itself failed (not one song: the run), or null
 */
public record IngestSummary(
    String runId,
    String catalog,
    String runner,
    boolean encodeOnly,
    Instant startedAt,
    Instant finishedAt,
    int songsInManifest,
    List<SongOutcome> outcomes,
    Map<String, Long> counters,
    String error,
    Path file) {

  public IngestSummary {
    outcomes = outcomes.stream().sorted(Comparator.comparingInt(SongOutcome::entry)).collect(Collectors.toList());
    counters = Map.copyOf(counters);
  }

  public boolean succeeded() {
    return error == null;
  }

  public long count(SongOutcome.Status status) {
    return outcomes.stream().filter(o -> o.status() == status).count();
  }

  public List<SongOutcome> failures() {
    return outcomes.stream().filter(SongOutcome::isFailed).collect(Collectors.toList());
  }

  public long renditionsEncoded() {
    return counter(IngestMetrics.RENDITIONS_ENCODED);
  }

  public long renditionsUploaded() {
    return counter(IngestMetrics.RENDITIONS_UPLOADED);
  }

  public long counter(String name) {
    return counters.getOrDefault(name, 0L);
  }

  public Duration elapsed() {
    return Duration.between(startedAt, finishedAt);
  }

  /** Seconds of audio encoded per second of run: each rendition counts its song's length once. */
  public double audioSecondsEncodedPerSecond() {
    double seconds = elapsed().toMillis() / 1000.0;
    return seconds <= 0 ? 0 : counter(IngestMetrics.AUDIO_MILLIS_ENCODED) / 1000.0 / seconds;
  }

  /** The run in a few lines, for the console. */
  public String describe() {
    Map<SongOutcome.Status, Long> byStatus = new EnumMap<>(SongOutcome.Status.class);
    for (SongOutcome.Status status : SongOutcome.Status.values()) {
      byStatus.put(status, count(status));
    }
    StringBuilder text = new StringBuilder();
    text.append(String.format("ingest %s: %d songs in %s (%s)%n", runId, songsInManifest,
        Progress.format(elapsed()), runner));
    text.append(String.format("  created %d, updated %d, unchanged %d, encoded-only %d, failed %d%n",
        byStatus.get(SongOutcome.Status.CREATED), byStatus.get(SongOutcome.Status.UPDATED),
        byStatus.get(SongOutcome.Status.UNCHANGED), byStatus.get(SongOutcome.Status.ENCODED),
        byStatus.get(SongOutcome.Status.FAILED)));
    text.append(String.format("  renditions: %d encoded, %d uploaded, %d found already stored%n",
        renditionsEncoded(), renditionsUploaded(), counter(IngestMetrics.RENDITIONS_FOUND_STORED)));
    for (SongOutcome failure : failures()) {
      text.append(String.format("  FAILED %s (entry %d, %s): %s%n", failure.songId(), failure.entry(),
          failure.stage().name().toLowerCase(), failure.reason()));
    }
    if (error != null) {
      text.append("  the run itself failed: ").append(error).append(System.lineSeparator());
    }
    if (file != null) {
      text.append("  summary: ").append(file).append(System.lineSeparator());
    }
    return text.toString();
  }

  public ObjectNode toJson() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("run_id", runId);
    root.put("catalog", catalog);
    root.put("runner", runner);
    root.put("encode_only", encodeOnly);
    root.put("started_at", startedAt.toString());
    root.put("finished_at", finishedAt.toString());
    root.put("elapsed_s", elapsed().toMillis() / 1000.0);
    root.put("state", error == null ? "done" : "failed");
    if (error != null) {
      root.put("error", error);
    }
    ObjectNode songs = root.putObject("songs");
    songs.put("in_manifest", songsInManifest);
    for (SongOutcome.Status status : SongOutcome.Status.values()) {
      songs.put(status.name().toLowerCase(), count(status));
    }
    ObjectNode renditions = root.putObject("renditions");
    renditions.put("encoded", renditionsEncoded());
    renditions.put("uploaded", renditionsUploaded());
    renditions.put("found_stored", counter(IngestMetrics.RENDITIONS_FOUND_STORED));
    renditions.put("bytes_uploaded", counter(IngestMetrics.BYTES_UPLOADED));
    renditions.put("audio_s_encoded", counter(IngestMetrics.AUDIO_MILLIS_ENCODED) / 1000.0);
    // summed over workers: with N encodes at once, encode_s can exceed the run's elapsed time
    ObjectNode worker = root.putObject("worker_time_s");
    worker.put("probe", counter(IngestMetrics.PROBE_MILLIS) / 1000.0);
    worker.put("encode", counter(IngestMetrics.ENCODE_MILLIS) / 1000.0);
    worker.put("upload", counter(IngestMetrics.UPLOAD_MILLIS) / 1000.0);
    worker.put("write", counter(IngestMetrics.WRITE_MILLIS) / 1000.0);
    ArrayNode failures = root.putArray("failures");
    ArrayNode all = root.putArray("outcomes");
    ObjectMapper reader = new ObjectMapper();
    for (SongOutcome outcome : outcomes) {
      try {
        all.add(reader.readTree(outcome.toJson()));
        if (outcome.isFailed()) {
          failures.add(reader.readTree(outcome.toJson()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return root;
  }

  /** Writes the summary as JSON to its file. */
  public void write() {
    try {
      Files.createDirectories(file.getParent());
      Path partial = file.resolveSibling(file.getFileName() + ".partial");
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(partial.toFile(), toJson());
      Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run summary " + file, e);
    }
  }
}
