package io.harmonia.royalties;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.clients.CassandraClients;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.plays.PlaysByDayTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The check an export must pass before anyone pays on it (the Airflow check task runs it):
 * <ol>
 *   <li>the manifest exists and is for the day;</li>
 *   <li>each file it lists has the size and SHA-256 it states;</li>
 *   <li>the Parquet and CSV files hold the same rows, one per (song, tier), of that day, and their
 *       row count and totals are the manifest's;</li>
 *   <li>a direct count of the day in Cassandra — every bucket read again with the driver, no Beam —
 *       gives the same rows read, qualified plays and milliseconds listened.</li>
 * </ol>
 * A later play of the day reaching Cassandra after the export makes step 4 fail: rerun the export.
 */
public final class ExportVerifier {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HarmoniaConfig config;

  public ExportVerifier(HarmoniaConfig config) {
    this.config = config;
  }

  /** What the verification found: ok when {@code problems} is empty. */
  public record Report(LocalDate date, List<String> problems, ObjectNode checked) {
    public boolean ok() {
      return problems.isEmpty();
    }

    public String toJson() {
      ObjectNode root = JSON.createObjectNode();
      root.put("date", date.toString());
      root.put("ok", ok());
      problems.forEach(root.putArray("problems")::add);
      root.set("checked", checked);
      return root.toString();
    }
  }

  public Report verify(LocalDate day) throws IOException {
    List<String> problems = new ArrayList<>();
    ObjectNode checked = JSON.createObjectNode();
    ExportManifest manifest;
    List<List<RoyaltyRow>> contents = new ArrayList<>();
    try (ExportLocation location = ExportLocation.of(config, day)) {
      try {
        manifest = ExportManifest.parse(location.get(location.key(ExportManifest.NAME)));
      } catch (NoSuchKeyException e) {
        problems.add("no export for " + day + ": " + location.key(ExportManifest.NAME) + " is missing");
        return new Report(day, problems, checked);
      }
      if (!manifest.date().equals(day)) {
        problems.add("the manifest is for " + manifest.date() + ", not " + day);
      }
      for (ExportManifest.FileEntry file : manifest.files()) {
        contents.add(checkFile(location, file, problems));
      }
    }
    checked.put("files", manifest.files().size());
    for (List<RoyaltyRow> rows : contents) {
      checkRows(day, manifest, rows, problems);
    }
    if (contents.size() == 2 && !contents.get(0).equals(contents.get(1))) {
      problems.add("the Parquet and CSV files hold different rows");
    }
    DirectCount direct = directCount(day);
    checked.put("cassandra_rows", direct.rows);
    checked.put("cassandra_qualified_plays", direct.qualifiedPlays);
    checked.put("cassandra_ms_listened", direct.msListened);
    // every row of the day must have been exported as a play: a malformed row is a mismatch too
    compare(problems, "plays read", manifest.source().playsRead(), direct.rows);
    compare(problems, "malformed rows", 0, direct.malformed);
    compare(problems, "qualified plays read", manifest.source().qualifiedPlays(), direct.qualifiedPlays);
    compare(problems, "qualified plays", manifest.totals().qualifiedPlays(), direct.qualifiedPlays);
    compare(problems, "milliseconds listened", manifest.totals().msListened(), direct.msListened);
    return new Report(day, problems, checked);
  }

  private static List<RoyaltyRow> checkFile(ExportLocation location, ExportManifest.FileEntry file,
      List<String> problems) throws IOException {
    byte[] bytes;
    try {
      bytes = location.get(file.key());
    } catch (NoSuchKeyException e) {
      problems.add(file.name() + " is missing");
      return List.of();
    }
    if (bytes.length != file.bytes()) {
      problems.add(file.name() + " has " + bytes.length + " bytes, the manifest says " + file.bytes());
    }
    String sha256 = RoyaltyFiles.sha256(bytes);
    if (!sha256.equals(file.sha256())) {
      problems.add(file.name() + " has SHA-256 " + sha256 + ", the manifest says " + file.sha256());
    }
    Path local = Files.createTempFile("royalty-verify-", "-" + file.name());
    try {
      Files.write(local, bytes);
      return "parquet".equals(file.format()) ? RoyaltyFiles.readParquet(local) : RoyaltyFiles.readCsv(local);
    } catch (IOException | RuntimeException e) {
      problems.add(file.name() + " cannot be read as " + file.format() + ": " + e.getMessage());
      return List.of();
    } finally {
      Files.deleteIfExists(local);
    }
  }

  private static void checkRows(LocalDate day, ExportManifest manifest, List<RoyaltyRow> rows, List<String> problems) {
    compare(problems, "rows in a file", manifest.rowCount(), rows.size());
    ExportManifest.Totals sums = WriteExportFn.sums(rows);
    compare(problems, "qualified plays in a file", manifest.totals().qualifiedPlays(), sums.qualifiedPlays());
    compare(problems, "unique listeners in a file", manifest.totals().uniqueListeners(), sums.uniqueListeners());
    compare(problems, "milliseconds listened in a file", manifest.totals().msListened(), sums.msListened());
    Set<String> keys = new HashSet<>();
    for (RoyaltyRow row : rows) {
      if (!row.day().equals(day)) {
        problems.add("a row of " + row.day() + " in the export of " + day);
      }
      if (!keys.add(row.songId() + '\n' + row.subscription())) {
        problems.add("two rows for song " + row.songId() + " and tier " + row.subscription());
      }
    }
  }

  private static void compare(List<String> problems, String what, long expected, long actual) {
    if (expected != actual) {
      problems.add(what + ": expected " + expected + ", found " + actual);
    }
  }

  private static final class DirectCount {
    long rows;
    long malformed;
    long qualifiedPlays;
    long msListened;
  }

  private DirectCount directCount(LocalDate day) {
    DirectCount count = new DirectCount();
    try (CqlSession session = CassandraClients.session(config)) {
      PlaysByDayTable table = new PlaysByDayTable(session);
      for (int bucket = 0; bucket < PlaysByDayTable.BUCKETS; bucket++) {
        PlaysByDayTable.PartitionRead read = table.read(day, bucket, play -> {
          if (play.isQualified()) {
            count.qualifiedPlays++;
            count.msListened += play.durationMs();
          }
        });
        count.rows += read.rows();
        count.malformed += read.malformed();
      }
    }
    return count;
  }
}
