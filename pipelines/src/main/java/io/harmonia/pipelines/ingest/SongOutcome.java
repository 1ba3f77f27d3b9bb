package io.harmonia.pipelines.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.List;

/**
 * What one run did with one manifest entry: the line the run summary lists it under.
 *
 * @param songId the entry's song id as the manifest gives it (may be invalid or missing for a
 *     failed entry)
 * @param entry position in the manifest's {@code songs} array
 * @param stage where a failure happened ({@link Stage}); null unless failed
 * @param reason why it failed; null unless failed
 * @param encoded renditions this run encoded for the song
 * @param uploaded renditions this run uploaded
 * @param warnings things worth a look that did not stop the song
 */
public record SongOutcome(
    String songId,
    int entry,
    Status status,
    Stage stage,
    String reason,
    int encoded,
    int uploaded,
    List<String> warnings) implements Serializable {

  public SongOutcome {
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  public enum Status {
    /** new song: rows, renditions and outbox rows written */
    CREATED,
    /** known song whose master or metadata changed: rows updated, outbox rows written */
    UPDATED,
    /** nothing changed: no encode, no upload, no write */
    UNCHANGED,
    /** encoded only (the benchmark's encode-only mode writes nothing) */
    ENCODED,
    /** nothing of the song was written; see stage and reason */
    FAILED
  }

  public enum Stage { VALIDATE, PROBE, PLAN, ENCODE, UPLOAD, WRITE }

  public static SongOutcome failed(String songId, int entry, Stage stage, String reason) {
    return new SongOutcome(songId, entry, Status.FAILED, stage, reason, 0, 0, List.of());
  }

  public boolean isFailed() {
    return status == Status.FAILED;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One JSON object (a line of the run's outcome files). */
  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("song_id", songId);
    node.put("entry", entry);
    node.put("status", status.name().toLowerCase());
    if (stage != null) {
      node.put("stage", stage.name().toLowerCase());
    }
    if (reason != null) {
      node.put("reason", reason);
    }
    node.put("encoded", encoded);
    node.put("uploaded", uploaded);
    if (!warnings.isEmpty()) {
      warnings.forEach(node.putArray("warnings")::add);
    }
    return node.toString();
  }

  public static SongOutcome fromJson(JsonNode node) {
    List<String> warnings = new java.util.ArrayList<>();
    node.path("warnings").forEach(w -> warnings.add(w.asText()));
    return new SongOutcome(
        node.path("song_id").isNull() ? null : node.path("song_id").asText(null),
        node.path("entry").asInt(),
        Status.valueOf(node.path("status").asText().toUpperCase()),
        node.hasNonNull("stage") ? Stage.valueOf(node.get("stage").asText().toUpperCase()) : null,
        node.hasNonNull("reason") ? node.get("reason").asText() : null,
        node.path("encoded").asInt(),
        node.path("uploaded").asInt(),
        warnings);
  }
}
