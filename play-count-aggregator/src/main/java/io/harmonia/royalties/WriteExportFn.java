package io.harmonia.royalties;

import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.clients.PostgresClients;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.plays.PlaysByDayTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a day's totals into the export: joins each song to its artist, sorts the rows, writes the
 * Parquet and CSV files, uploads them, then the manifest. Runs once per export with every row at
 * hand (side inputs), because a deterministic file needs all its rows in one order.
 */
final class WriteExportFn extends DoFn<String, String> {

  private static final Logger LOG = LoggerFactory.getLogger(WriteExportFn.class);

  private final PCollectionView<Iterable<SongTierTotals>> totals;
  private final PCollectionView<Long> playsRead;
  private final PCollectionView<Long> qualifiedPlays;
  private final String jobVersion;
  private transient HikariDataSource pool;

  WriteExportFn(PCollectionView<Iterable<SongTierTotals>> totals,
      PCollectionView<Long> playsRead, PCollectionView<Long> qualifiedPlays,
      String jobVersion) {
    this.totals = totals;
    this.playsRead = playsRead;
    this.qualifiedPlays = qualifiedPlays;
    this.jobVersion = jobVersion;
  }

  @Setup
  public void setUp() {
    pool = PostgresClients.dataSource(HarmoniaConfig.fromEnvironment(), "royalty-export", 1);
  }

  @ProcessElement
  public void process(ProcessContext c) throws IOException, SQLException {
    LocalDate day = LocalDate.parse(c.element());
    List<RoyaltyRow> rows = rows(day, c.sideInput(totals));
    ExportManifest.Source source = new ExportManifest.Source(PlaysByDayTable.BUCKETS, c.sideInput(playsRead),
        c.sideInput(qualifiedPlays));
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
      List<ExportManifest.FileEntry> files = List.of(
          entry(location, parquet, "parquet"),
          entry(location, csv, "csv"));
      location.put(RoyaltyFiles.PARQUET, parquet, "application/vnd.apache.parquet");
      location.put(RoyaltyFiles.CSV, csv, "text/csv; charset=utf-8");
      ExportManifest manifest = new ExportManifest(day, jobVersion, source, rows.size(), sums, withoutArtist, files);
      location.put(ExportManifest.NAME, manifest.toJson(), "application/json");
      LOG.info("{}: exported {} rows to {}", day, rows.size(), ExportLocation.prefix(day));
      c.output(location.key(ExportManifest.NAME));
    } finally {
      try (var listing = Files.list(dir)) {
        for (Path f : listing.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
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

  private static ExportManifest.FileEntry entry(ExportLocation location, Path file, String format) throws IOException {
    String name = file.getFileName().toString();
    return new ExportManifest.FileEntry(name, location.key(name), format, Files.size(file), RoyaltyFiles.sha256(file));
  }

  @Teardown
  public void tearDown() {
    if (pool != null) {
      pool.close();
    }
  }
}
