package io.harmonia.royalties;

import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.clients.PostgresClients;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.plays.PlaysByDayTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a day's totals into an export run and publishes it: joins each song to its artist, sorts
 * the rows, writes the Parquet and CSV files; when they and the plays read are those of the day's
 * current run, publishes nothing (the rerun is byte-identical and says so); otherwise uploads the
 * files and the reconciliation report under a new run's prefix, then the run's manifest, then —
 * last — the day's pointer naming the run. Runs once per export with every row at hand (side
 * inputs), because a deterministic file needs all its rows in one order.
 */
final class WriteExportFn extends DoFn<String, String> {

  private static final Logger LOG = LoggerFactory.getLogger(WriteExportFn.class);

  static final String RUNS_PUBLISHED = "royalty_runs_published";
  static final String RUNS_UNCHANGED = "royalty_runs_unchanged";
  static final String PLAYS_AFTER_CUTOFF = "royalty_plays_received_after_cutoff";
  static final String FILES_REPAIRED = "royalty_files_repaired";

  /**
   * Fault injection for the crash test: with this system property set to a file path, the run
   * writes its id to that file once every object of the run is uploaded, then blocks — before the
   * pointer — until the process is killed.
   */
  static final String HALT_BEFORE_PUBLISH = "harmonia.royalties.haltBeforePublish";

  private static final DateTimeFormatter RUN_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final PCollectionView<Iterable<SongTierTotals>> totals;
  private final PCollectionView<DaySummary> summary;
  private final Instant cutoff;
  private final String jobVersion;
  private final Counter published = Metrics.counter(WriteExportFn.class, RUNS_PUBLISHED);
  private final Counter unchanged = Metrics.counter(WriteExportFn.class, RUNS_UNCHANGED);
  private final Counter afterCutoff = Metrics.counter(WriteExportFn.class, PLAYS_AFTER_CUTOFF);
  private final Counter repaired = Metrics.counter(WriteExportFn.class, FILES_REPAIRED);
  private transient HikariDataSource pool;

  WriteExportFn(PCollectionView<Iterable<SongTierTotals>> totals, PCollectionView<DaySummary> summary,
      Instant cutoff, String jobVersion) {
    this.totals = totals;
    this.summary = summary;
    this.cutoff = cutoff;
    this.jobVersion = jobVersion;
  }

  @Setup
  public void setUp() {
    pool = PostgresClients.dataSource(HarmoniaConfig.fromEnvironment(), "royalty-export", 1);
  }

  @ProcessElement
  public void process(ProcessContext c) throws IOException, SQLException, InterruptedException {
    LocalDate day = LocalDate.parse(c.element());
    List<RoyaltyRow> rows = rows(day, c.sideInput(totals));
    DaySummary read = c.sideInput(summary);
    afterCutoff.inc(read.receivedAfterCutoff());
    ExportManifest.Source source = ExportManifest.Source.of(PlaysByDayTable.BUCKETS, read);
    ExportManifest.Totals sums = sums(rows);
    if (sums.qualifiedPlays() != source.qualifiedPlays()) {
      throw new IllegalStateException("the rows hold " + sums.qualifiedPlays() + " qualified plays but "
          + source.qualifiedPlays() + " were read: not publishing an export that does not add up");
    }
    long withoutArtist = rows.stream().filter(r -> r.artistId() == null).count();
    if (withoutArtist > 0) {
      LOG.warn("{}: {} rows are of songs missing from the catalog (their artist_id is empty)", day, withoutArtist);
    }
    Path dir = Files.createTempDirectory("royalty-export-");
    try (ExportLocation location = ExportLocation.of(HarmoniaConfig.fromEnvironment(), day)) {
      Path parquet = dir.resolve(RoyaltyFiles.PARQUET);
      Path csv = dir.resolve(RoyaltyFiles.CSV);
      RoyaltyFiles.writeParquet(rows, parquet);
      RoyaltyFiles.writeCsv(rows, csv);
      String parquetSha = RoyaltyFiles.sha256(parquet);
      String csvSha = RoyaltyFiles.sha256(csv);

      Optional<ExportPointer> pointer = location.pointer();
      ExportManifest current = pointer.isEmpty() ? null
          : ExportManifest.parse(location.get(pointer.get().current().manifest()));
      if (current != null && sameData(current, parquetSha, csvSha, source)) {
        LOG.info("{}: the plays received by {} are those of the current run {}: its files are byte-identical;"
            + " nothing published", day, cutoff, current.runId());
        unchanged.inc();
        repaired.inc(repair(location, current, parquet, csv));
        c.output(current.runId());
        return;
      }

      String runId = runId(cutoff, parquetSha, csvSha, source.fingerprint());
      ReconciliationReport.Previous previous = current == null ? null
          : new ReconciliationReport.Previous(current, previousRows(location, current, dir));
      Path report = dir.resolve(ReconciliationReport.NAME);
      Files.write(report, ReconciliationReport.html(new ReconciliationReport.Run(day, runId, cutoff, source, sums,
          read.qualifiedPerHour(), rows), previous));
      List<ExportManifest.FileEntry> files = List.of(
          entry(location, runId, parquet, "parquet"),
          entry(location, runId, csv, "csv"),
          entry(location, runId, report, "html"));
      location.put(location.key(runId, RoyaltyFiles.PARQUET), parquet, "application/vnd.apache.parquet");
      location.put(location.key(runId, RoyaltyFiles.CSV), csv, "text/csv; charset=utf-8");
      location.put(location.key(runId, ReconciliationReport.NAME), report, "text/html; charset=utf-8");
      ExportManifest manifest = new ExportManifest(day, runId, cutoff, current == null ? null : current.runId(),
          jobVersion, source, rows.size(), sums, withoutArtist, files);
      String manifestKey = location.key(runId, ExportManifest.NAME);
      location.put(manifestKey, manifest.toJson(), "application/json");
      haltIfAsked(runId);
      ExportPointer next = ExportPointer.publish(day,
          new ExportPointer.Run(runId, manifestKey, cutoff, sums.qualifiedPlays(), Instant.now()), pointer.orElse(null));
      location.put(ExportLocation.pointerKey(day), next.toJson(), "application/json");
      published.inc();
      LOG.info("{}: published run {} ({} rows, {} qualified plays){}", day, runId, rows.size(), sums.qualifiedPlays(),
          current == null ? "" : ", superseding run " + current.runId());
      c.output(runId);
    } finally {
      try (var listing = Files.list(dir)) {
        for (Path f : listing.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  /**
   * An unchanged rerun also puts back a data file of the current run whose stored bytes are not the
   * manifest's (missing, or changed in the store): the bytes just written are the manifest's.
   */
  private static long repair(ExportLocation location, ExportManifest current, Path parquet, Path csv)
      throws IOException {
    long count = 0;
    for (ExportManifest.FileEntry f : current.files()) {
      Path local = RoyaltyFiles.PARQUET.equals(f.name()) ? parquet : RoyaltyFiles.CSV.equals(f.name()) ? csv : null;
      if (local == null) {
        continue;
      }
      Optional<byte[]> stored = location.find(f.key());
      if (stored.isEmpty() || !RoyaltyFiles.sha256(stored.get()).equals(f.sha256())) {
        LOG.warn("{}: {} of run {} is {} in the store: putting back the manifest's bytes", current.date(), f.name(),
            current.runId(), stored.isEmpty() ? "missing" : "not the manifest's");
        location.put(f.key(), local, "parquet".equals(f.format()) ? "application/vnd.apache.parquet"
            : "text/csv; charset=utf-8");
        count++;
      }
    }
    return count;
  }

  /** The same files and the same plays read (counts, rules, tiers, fingerprint) as the current run. */
  private static boolean sameData(ExportManifest current, String parquetSha, String csvSha,
      ExportManifest.Source source) {
    Map<String, String> shas = new java.util.HashMap<>();
    current.files().forEach(f -> shas.put(f.name(), f.sha256()));
    return parquetSha.equals(shas.get(RoyaltyFiles.PARQUET)) && csvSha.equals(shas.get(RoyaltyFiles.CSV))
        && source.equals(current.source());
  }

  /** {@code <cut-off>-<12 hex digits of the content's hash>}: in time order; the same content and cut-off, the same id. */
  static String runId(Instant cutoff, String parquetSha, String csvSha, String fingerprint) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((parquetSha + '\n' + csvSha + '\n' + fingerprint).getBytes(StandardCharsets.UTF_8));
      return RUN_TIME.format(cutoff) + "-" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<RoyaltyRow> previousRows(ExportLocation location, ExportManifest current, Path dir)
      throws IOException {
    for (ExportManifest.FileEntry f : current.files()) {
      if ("csv".equals(f.format())) {
        Path file = dir.resolve("previous-" + f.name());
        Files.write(file, location.get(f.key()));
        return RoyaltyFiles.readCsv(file);
      }
    }
    return List.of();
  }

  private static void haltIfAsked(String runId) throws IOException, InterruptedException {
    String marker = System.getProperty(HALT_BEFORE_PUBLISH);
    if (marker != null && !marker.isBlank()) {
      LOG.warn("{} is set: run {} halts before its pointer until the process is killed", HALT_BEFORE_PUBLISH, runId);
      Files.writeString(Path.of(marker), runId);
      new CountDownLatch(1).await();
    }
  }

  private List<RoyaltyRow> rows(LocalDate day, Iterable<SongTierTotals> perSongTier) throws SQLException {
    List<SongTierTotals> all = new ArrayList<>();
    perSongTier.forEach(all::add);
    Map<String, String> artists = CatalogArtists.of(pool, all.stream().map(SongTierTotals::songId).distinct().toList());
    List<RoyaltyRow> rows = new ArrayList<>(all.size());
    for (SongTierTotals t : all) {
      rows.add(new RoyaltyRow(day, t.songId(), artists.get(t.songId()), t.subscription(), t.qualifiedPlays(),
          t.uniqueListeners(), t.msListened()));
    }
    rows.sort(RoyaltyRow.ORDER);
    return rows;
  }

  static ExportManifest.Totals sums(List<RoyaltyRow> rows) {
    long plays = 0;
    long listeners = 0;
    long ms = 0;
    for (RoyaltyRow row : rows) {
      plays += row.qualifiedPlays();
      listeners += row.uniqueListeners();
      ms += row.msListened();
    }
    return new ExportManifest.Totals(plays, listeners, ms);
  }

  private static ExportManifest.FileEntry entry(ExportLocation location, String runId, Path file, String format)
      throws IOException {
    String name = file.getFileName().toString();
    return new ExportManifest.FileEntry(name, location.key(runId, name), format, Files.size(file),
        RoyaltyFiles.sha256(file));
  }

  @Teardown
  public void tearDown() {
    if (pool != null) {
      pool.close();
    }
  }
}
