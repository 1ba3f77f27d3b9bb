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
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The check an export must pass before anyone pays on it (the Airflow check tasks run it), on the
 * day's <em>current</em> run — the one its pointer names:
 * <ol>
 *   <li>the pointer exists, and the manifest it names is for the day and that run;</li>
 *   <li>each file the manifest lists (the data files and the report) has the size and SHA-256 it states;</li>
 *   <li>the Parquet and CSV files hold the same rows, one per (song, tier), of that day, and their
 *       row count and totals are the manifest's;</li>
 *   <li>a direct count of the day in Cassandra — every bucket read again with the driver, no Beam —
 *       of the plays received by the run's cut-off gives the same plays read, qualified plays,
 *       milliseconds listened, disqualified plays per rule and fingerprint;</li>
 *   <li>the manifests of the earlier runs the pointer lists are still there.</li>
 * </ol>
 * A play received after the cut-off does not fail the check (the restatement's job); a play received
 * before it but stored after the export does: the run missed it.
 */
public final class ExportVerifier {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HarmoniaConfig config;

  public ExportVerifier(HarmoniaConfig config) {
    this.config = config;
  }

  /** What the verification found: ok when {@code problems} is empty. */
  public record Report(LocalDate date, String runId, List<String> problems, ObjectNode checked) {
    public boolean ok() {
      return problems.isEmpty();
    }

    public ObjectNode toNode() {
      ObjectNode root = JSON.createObjectNode();
      root.put("date", date.toString());
      if (runId == null) {
        root.putNull("run_id");
      } else {
        root.put("run_id", runId);
      }
      root.put("ok", ok());
      problems.forEach(root.putArray("problems")::add);
      root.set("checked", checked);
      return root;
    }

    public String toJson() {
      return toNode().toString();
    }
  }

  public Report verify(LocalDate day) throws IOException {
    List<String> problems = new ArrayList<>();
    ObjectNode checked = JSON.createObjectNode();
    ExportManifest manifest;
    ExportPointer pointer;
    List<List<RoyaltyRow>> contents = new ArrayList<>();
    try (ExportLocation location = ExportLocation.of(config, day)) {
      Optional<ExportPointer> found = location.pointer();
      if (found.isEmpty()) {
        problems.add("no export for " + day + ": " + ExportLocation.pointerKey(day) + " is missing");
        return new Report(day, null, problems, checked);
      }
      pointer = found.get();
      try {
        manifest = ExportManifest.parse(location.get(pointer.current().manifest()));
      } catch (NoSuchKeyException e) {
        problems.add("the current run's manifest " + pointer.current().manifest() + " is missing");
        return new Report(day, pointer.current().runId(), problems, checked);
      }
      if (!manifest.date().equals(day) || !pointer.date().equals(day)) {
        problems.add("the current run is for " + manifest.date() + " (pointer: " + pointer.date() + "), not " + day);
      }
      if (!manifest.runId().equals(pointer.current().runId())) {
        problems.add("the pointer names run " + pointer.current().runId() + " but its manifest is run " + manifest.runId());
      }
      for (ExportManifest.FileEntry file : manifest.files()) {
        List<RoyaltyRow> rows = checkFile(location, file, problems);
        if (rows != null) {
          contents.add(rows);
        }
      }
      for (ExportPointer.Run earlier : pointer.history()) {
        if (location.find(earlier.manifest()).isEmpty()) {
          problems.add("the manifest of earlier run " + earlier.runId() + " (" + earlier.manifest() + ") is missing");
        }
      }
    }
    checked.put("files", manifest.files().size());
    checked.put("earlier_runs", pointer.history().size());
    for (List<RoyaltyRow> rows : contents) {
      checkRows(day, manifest, rows, problems);
    }
    if (contents.size() == 2 && !contents.get(0).equals(contents.get(1))) {
      problems.add("the Parquet and CSV files hold different rows");
    }
    DirectCount direct = directCount(config, day, manifest.cutoff());
    checked.put("cassandra_rows", direct.summary.playsRead());
    checked.put("cassandra_qualified_plays", direct.summary.qualifiedPlays());
    checked.put("cassandra_ms_listened", direct.summary.msListened());
    checked.put("cassandra_received_after_cutoff", direct.summary.receivedAfterCutoff());
    // every row of the day must have been exported as a play: a malformed row is a mismatch too
    compare(problems, "plays read", manifest.source().playsRead(), direct.summary.playsRead());
    compare(problems, "malformed rows", 0, direct.malformed);
    compare(problems, "qualified plays read", manifest.source().qualifiedPlays(), direct.summary.qualifiedPlays());
    compare(problems, "qualified plays", manifest.totals().qualifiedPlays(), direct.summary.qualifiedPlays());
    compare(problems, "milliseconds listened", manifest.totals().msListened(), direct.summary.msListened());
    if (!manifest.source().disqualified().equals(direct.summary.disqualifiedByRule())) {
      problems.add("disqualified plays per rule: expected " + manifest.source().disqualified() + ", found "
          + direct.summary.disqualifiedByRule());
    }
    if (!manifest.source().fingerprint().equals(direct.summary.fingerprint())) {
      problems.add("the plays' fingerprint: expected " + manifest.source().fingerprint() + ", found "
          + direct.summary.fingerprint() + " (plays were added, removed or judged again)");
    }
    return new Report(day, manifest.runId(), problems, checked);
  }

  /** Null for a file that holds no rows (the report): its size and checksum are checked only. */
  private static List<RoyaltyRow> checkFile(ExportLocation location, ExportManifest.FileEntry file,
      List<String> problems) throws IOException {
    byte[] bytes;
    try {
      bytes = location.get(file.key());
    } catch (NoSuchKeyException e) {
      problems.add(file.name() + " is missing");
      return "html".equals(file.format()) ? null : List.of();
    }
    if (bytes.length != file.bytes()) {
      problems.add(file.name() + " has " + bytes.length + " bytes, the manifest says " + file.bytes());
    }
    String sha256 = RoyaltyFiles.sha256(bytes);
    if (!sha256.equals(file.sha256())) {
      problems.add(file.name() + " has SHA-256 " + sha256 + ", the manifest says " + file.sha256());
    }
    if ("html".equals(file.format())) {
      return null;
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

  /** A day counted with the driver: the summary of the plays received by the cut-off, and the malformed rows. */
  record DirectCount(DaySummary summary, long malformed) {}

  static DirectCount directCount(HarmoniaConfig config, LocalDate day, Instant cutoff) {
    DaySummary summary = new DaySummary(cutoff);
    long malformed = 0;
    try (CqlSession session = CassandraClients.session(config)) {
      PlaysByDayTable table = new PlaysByDayTable(session);
      for (int bucket = 0; bucket < PlaysByDayTable.BUCKETS; bucket++) {
        malformed += table.read(day, bucket, summary::add).malformed();
      }
    }
    return new DirectCount(summary, malformed);
  }
}
