package io.harmonia.royalties;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoyaltyFilesTest {

  private static final LocalDate DAY = LocalDate.parse("2026-01-31");

  private static List<RoyaltyRow> rows() {
    List<RoyaltyRow> rows = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      rows.add(new RoyaltyRow(DAY, "song-" + i, "artist-" + (i % 7), "PREMIUM", i + 1, i / 2 + 1, 30_000L * (i + 1)));
      rows.add(new RoyaltyRow(DAY, "song-" + i, "artist-" + (i % 7), "FREE", 2, 1, 61_000));
    }
    rows.add(new RoyaltyRow(DAY, "song-unknown", null, "FREE", 1, 1, 30_000));
    return rows;
  }

  @Test
  void theSameRowsInAnyOrderGiveByteIdenticalFiles(@TempDir Path dir) throws Exception {
    List<RoyaltyRow> shuffled = rows();
    Collections.shuffle(shuffled);

    RoyaltyFiles.writeParquet(rows(), dir.resolve("a.parquet"));
    RoyaltyFiles.writeParquet(shuffled, dir.resolve("b.parquet"));
    RoyaltyFiles.writeCsv(rows(), dir.resolve("a.csv"));
    RoyaltyFiles.writeCsv(shuffled, dir.resolve("b.csv"));

    assertThat(Files.readAllBytes(dir.resolve("b.parquet"))).isEqualTo(Files.readAllBytes(dir.resolve("a.parquet")));
    assertThat(Files.readAllBytes(dir.resolve("b.csv"))).isEqualTo(Files.readAllBytes(dir.resolve("a.csv")));
    assertThat(RoyaltyFiles.sha256(dir.resolve("a.csv")))
        .isEqualTo(RoyaltyFiles.sha256(Files.readAllBytes(dir.resolve("b.csv"))))
        .hasSize(64);
  }

  @Test
  void bothFilesReadBackAsTheSortedRows(@TempDir Path dir) throws Exception {
    List<RoyaltyRow> expected = rows();
    expected.sort(RoyaltyRow.ORDER);

    RoyaltyFiles.writeParquet(rows(), dir.resolve("r.parquet"));
    RoyaltyFiles.writeCsv(rows(), dir.resolve("r.csv"));

    assertThat(RoyaltyFiles.readParquet(dir.resolve("r.parquet"))).containsExactlyElementsOf(expected);
    assertThat(RoyaltyFiles.readCsv(dir.resolve("r.csv"))).containsExactlyElementsOf(expected);
  }

  @Test
  void theCsvIsPlainUtf8WithAHeaderAndAnEmptyFieldForAnUnknownArtist(@TempDir Path dir) throws Exception {
    RoyaltyFiles.writeCsv(List.of(
        new RoyaltyRow(DAY, "s-2", null, "FREE", 1, 1, 30_000),
        new RoyaltyRow(DAY, "s-1", "a-1", "PREMIUM", 3, 2, 120_000)), dir.resolve("r.csv"));

    assertThat(Files.readString(dir.resolve("r.csv"), StandardCharsets.UTF_8)).isEqualTo(
        "day,song_id,artist_id,subscription,qualified_plays,unique_listeners,ms_listened\n"
            + "2026-01-31,s-1,a-1,PREMIUM,3,2,120000\n"
            + "2026-01-31,s-2,,FREE,1,1,30000\n");
  }
}
