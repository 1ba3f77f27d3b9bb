package io.harmonia.royalties;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code _manifest.json} of one export run: the run, its cut-off, what was read (per tier and per
 * rule a play failed), the totals, and each file's SHA-256 (the data files and the reconciliation
 * report). Deterministic like the files (fixed field order, LF line ends, no timestamp): the same
 * plays and cut-off give the same manifest. It is the run's last object; the day's pointer, written
 * after it, is what makes the run current.
 */
public record ExportManifest(LocalDate date, String runId, Instant cutoff, String previousRunId, String jobVersion,
    Source source, long rowCount, Totals totals, long songsWithoutArtist, List<FileEntry> files) {

  public static final String NAME = "_manifest.json";
  public static final int FORMAT_VERSION = 2;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Plays of one tier read from {@code plays_by_day}. */
  public record TierCounts(long playsRead, long qualifiedPlays, Map<String, Long> disqualified) {}

  /**
   * What was read from Cassandra {@code plays_by_day} for the day (plays received by the cut-off):
   * partitions, plays (rows), qualified plays, disqualified plays per rule, the same per tier, and
   * the plays' fingerprint ({@link DaySummary}).
   */
  public record Source(int partitions, long playsRead, long qualifiedPlays, Map<String, Long> disqualified,
      Map<String, TierCounts> perTier, String fingerprint) {

    static Source of(int partitions, DaySummary summary) {
      Map<String, TierCounts> perTier = new TreeMap<>();
      summary.tiers().forEach((tier, t) -> perTier.put(tier,
          new TierCounts(t.playsRead(), t.qualifiedPlays(), new TreeMap<>(t.disqualified()))));
      return new Source(partitions, summary.playsRead(), summary.qualifiedPlays(), summary.disqualifiedByRule(),
          perTier, summary.fingerprint());
    }

    public long disqualifiedPlays() {
      return disqualified.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Sums over the rows; {@code uniqueListeners} is the sum of the rows' listener counts. */
  public record Totals(long qualifiedPlays, long uniqueListeners, long msListened) {}

  public record FileEntry(String name, String key, String format, long bytes, String sha256) {}

  /** The reconciliation report's entry, or null when the run has none. */
  public FileEntry report() {
    return files.stream().filter(f -> "html".equals(f.format())).findFirst().orElse(null);
  }

  public byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("export", "royalties");
    root.put("format_version", FORMAT_VERSION);
    root.put("date", date.toString());
    root.put("run_id", runId);
    root.put("cutoff", cutoff.toString());
    if (previousRunId == null) {
      root.putNull("previous_run_id");
    } else {
      root.put("previous_run_id", previousRunId);
    }
    ObjectNode job = root.putObject("job");
    job.put("name", "royalty-export");
    job.put("version", jobVersion);
    ObjectNode definitions = root.putObject("definitions");
    definitions.put("day", "the UTC date of played_at");
    definitions.put("cutoff", "the run holds the plays of the day received (received_at) by this instant;"
        + " a play received later makes a restatement: a new run of the day");
    definitions.put("qualified_play", "a stored play (one per event_id) that the play-events pipeline qualified"
        + " (qualified = true); a play stored before it judged plays qualifies when duration_ms >= 30000");
    definitions.put("disqualified", "plays stored but not paid, by the rule they failed"
        + " (a play stored before the rules, shorter than 30 s: too-short)");
    definitions.put("qualified_plays", "qualified plays of the song by listeners of the tier");
    definitions.put("unique_listeners", "distinct user_id among those plays");
    definitions.put("ms_listened", "sum of duration_ms over those plays");
    ObjectNode src = root.putObject("source");
    src.put("table", "plays_by_day");
    src.put("partitions", source.partitions());
    src.put("plays_read", source.playsRead());
    src.put("qualified_plays", source.qualifiedPlays());
    src.put("disqualified_plays", source.disqualifiedPlays());
    putCounts(src.putObject("disqualified"), source.disqualified());
    ObjectNode tiers = src.putObject("per_tier");
    source.perTier().forEach((tier, counts) -> {
      ObjectNode t = tiers.putObject(tier);
      t.put("plays_read", counts.playsRead());
      t.put("qualified_plays", counts.qualifiedPlays());
      putCounts(t.putObject("disqualified"), counts.disqualified());
    });
    src.put("fingerprint", source.fingerprint());
    root.put("row_count", rowCount);
    ObjectNode t = root.putObject("totals");
    t.put("qualified_plays", totals.qualifiedPlays());
    t.put("unique_listeners", totals.uniqueListeners());
    t.put("ms_listened", totals.msListened());
    root.put("songs_without_artist", songsWithoutArtist);
    ArrayNode columns = root.putArray("columns");
    for (String column : RoyaltyFiles.COLUMNS) {
      columns.add(column);
    }
    ArrayNode list = root.putArray("files");
    for (FileEntry f : files) {
      ObjectNode entry = list.addObject();
      entry.put("name", f.name());
      entry.put("key", f.key());
      entry.put("format", f.format());
      entry.put("bytes", f.bytes());
      entry.put("sha256", f.sha256());
    }
    FileEntry report = report();
    if (report != null) {
      root.put("report", report.key());
    }
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
        .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return (JSON.writer(printer).writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void putCounts(ObjectNode node, Map<String, Long> counts) {
    new TreeMap<>(counts).forEach(node::put);
  }

  private static Map<String, Long> counts(JsonNode node) {
    Map<String, Long> counts = new TreeMap<>();
    node.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
    return counts;
  }

  public static ExportManifest parse(byte[] json) throws IOException {
    JsonNode root = JSON.readTree(json);
    if (root == null || !"royalties".equals(root.path("export").asText())
        || root.path("format_version").asInt() != FORMAT_VERSION) {
      throw new IOException("not a royalty export manifest of format version " + FORMAT_VERSION);
    }
    JsonNode src = root.path("source");
    JsonNode t = root.path("totals");
    List<FileEntry> files = new ArrayList<>();
    for (JsonNode f : root.path("files")) {
      files.add(new FileEntry(f.path("name").asText(), f.path("key").asText(), f.path("format").asText(),
          f.path("bytes").asLong(), f.path("sha256").asText()));
    }
    Map<String, TierCounts> perTier = new TreeMap<>();
    src.path("per_tier").fields().forEachRemaining(e -> perTier.put(e.getKey(), new TierCounts(
        e.getValue().path("plays_read").asLong(), e.getValue().path("qualified_plays").asLong(),
        counts(e.getValue().path("disqualified")))));
    try {
      return new ExportManifest(LocalDate.parse(root.path("date").asText()), root.path("run_id").asText(),
          Instant.parse(root.path("cutoff").asText()),
          root.path("previous_run_id").isTextual() ? root.path("previous_run_id").asText() : null,
          root.path("job").path("version").asText(),
          new Source(src.path("partitions").asInt(), src.path("plays_read").asLong(),
              src.path("qualified_plays").asLong(), counts(src.path("disqualified")), perTier,
              src.path("fingerprint").asText()),
          root.path("row_count").asLong(),
          new Totals(t.path("qualified_plays").asLong(), t.path("unique_listeners").asLong(),
              t.path("ms_listened").asLong()),
          root.path("songs_without_artist").asLong(), files);
    } catch (RuntimeException e) {
      throw new IOException("a malformed royalty export manifest: " + e.getMessage(), e);
    }
  }
}
