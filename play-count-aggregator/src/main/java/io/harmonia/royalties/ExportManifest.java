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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code _manifest.json} of a day's export: what was read, the totals, and each file's SHA-256.
 * Deterministic like the files (fixed field order, LF line ends, no timestamp), so a rerun over
 * the same plays writes the same manifest. It is uploaded last: its presence means the export is
 * complete.
 */
public record ExportManifest(LocalDate date, String jobVersion, Source source, long rowCount, Totals totals,
    long songsWithoutArtist, List<FileEntry> files) {

  public static final String NAME = "_manifest.json";
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What was read from Cassandra {@code plays_by_day} for the day: partitions, plays (rows), qualified plays. */
  public record Source(int partitions, long playsRead, long qualifiedPlays) {}

  /** Sums over the rows; {@code uniqueListeners} is the sum of the rows' listener counts. */
  public record Totals(long qualifiedPlays, long uniqueListeners, long msListened) {}

  public record FileEntry(String name, String key, String format, long bytes, String sha256) {}

  public byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("export", "royalties");
    root.put("format_version", FORMAT_VERSION);
    root.put("date", date.toString());
    ObjectNode job = root.putObject("job");
    job.put("name", "royalty-export");
    job.put("version", jobVersion);
    ObjectNode definitions = root.putObject("definitions");
    definitions.put("day", "the UTC date of played_at");
    definitions.put("qualified_play", "a stored play (one per event_id) with duration_ms >= 30000");
    definitions.put("qualified_plays", "qualified plays of the song by listeners of the tier");
    definitions.put("unique_listeners", "distinct user_id among those plays");
    definitions.put("ms_listened", "sum of duration_ms over those plays");
    ObjectNode src = root.putObject("source");
    src.put("table", "plays_by_day");
    src.put("partitions", source.partitions());
    src.put("plays_read", source.playsRead());
    src.put("qualified_plays", source.qualifiedPlays());
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
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
        .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return (JSON.writer(printer).writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
    return new ExportManifest(LocalDate.parse(root.path("date").asText()), root.path("job").path("version").asText(),
        new Source(src.path("partitions").asInt(), src.path("plays_read").asLong(), src.path("qualified_plays").asLong()),
        root.path("row_count").asLong(),
        new Totals(t.path("qualified_plays").asLong(), t.path("unique_listeners").asLong(),
            t.path("ms_listened").asLong()),
        root.path("songs_without_artist").asLong(), files);
  }
}
