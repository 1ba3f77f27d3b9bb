package io.harmonia.royalties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code date=D/_current.json}: the day's current run and the runs it superseded, newest first.
 * Written last by a run, in one PUT (an object store replaces an object atomically): until then
 * the previous run stays current, whatever happened to the new run's own objects.
 */
public record ExportPointer(LocalDate date, Run current, List<Run> history) {

  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A published run: its id, manifest key, cut-off, qualified plays, and when it was published. */
  public record Run(String runId, String manifest, Instant cutoff, long qualifiedPlays, Instant publishedAt) {}

  /** The pointer after publishing {@code run}: the current run moves to the head of the history. */
  public static ExportPointer publish(LocalDate date, Run run, ExportPointer previous) {
    List<Run> history = new ArrayList<>();
    if (previous != null) {
      if (!previous.current().runId().equals(run.runId())) {
        history.add(previous.current());
      }
      previous.history().stream().filter(r -> !r.runId().equals(run.runId())).forEach(history::add);
    }
    return new ExportPointer(date, run, List.copyOf(history));
  }

  public byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("export", "royalties");
    root.put("format_version", FORMAT_VERSION);
    root.put("date", date.toString());
    root.put("run_id", current.runId());
    root.put("manifest", current.manifest());
    root.put("cutoff", current.cutoff().toString());
    root.put("qualified_plays", current.qualifiedPlays());
    root.put("published_at", current.publishedAt().toString());
    var list = root.putArray("history");
    for (Run r : history) {
      ObjectNode entry = list.addObject();
      entry.put("run_id", r.runId());
      entry.put("manifest", r.manifest());
      entry.put("cutoff", r.cutoff().toString());
      entry.put("qualified_plays", r.qualifiedPlays());
      entry.put("published_at", r.publishedAt().toString());
    }
    try {
      return (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ExportPointer parse(byte[] json) throws IOException {
    JsonNode root = JSON.readTree(json);
    if (root == null || !"royalties".equals(root.path("export").asText())
        || root.path("format_version").asInt() != FORMAT_VERSION) {
      throw new IOException("not a royalty export pointer of format version " + FORMAT_VERSION);
    }
    List<Run> history = new ArrayList<>();
    for (JsonNode r : root.path("history")) {
      history.add(run(r));
    }
    return new ExportPointer(LocalDate.parse(root.path("date").asText()), run(root), List.copyOf(history));
  }

  private static Run run(JsonNode node) throws IOException {
    try {
      return new Run(node.path("run_id").asText(), node.path("manifest").asText(),
          Instant.parse(node.path("cutoff").asText()), node.path("qualified_plays").asLong(),
          Instant.parse(node.path("published_at").asText()));
    } catch (RuntimeException e) {
      throw new IOException("a malformed run in the export pointer: " + node, e);
    }
  }
}
