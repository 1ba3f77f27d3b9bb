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

  /**
   * The writer lists a column chunk's encodings in HashSet order, which follows identity hash codes
   * and so differs between JVMs (one JVM alone always agrees with itself): here a footer is given
   * each list reversed, as another JVM may write it, and the file must come out as the canonical one.
   */
  @Test
  void aFooterWhoseEncodingsCameInAnotherOrderIsRewrittenToTheSameBytes(@TempDir Path dir) throws Exception {
    Path canonical = dir.resolve("a.parquet");
    Path other = dir.resolve("b.parquet");
    RoyaltyFiles.writeParquet(rows(), canonical);
    Files.copy(canonical, other);
    int reversedChunks = rewriteFooter(other, list -> Collections.reverse(list));
    assertThat(reversedChunks).as("column chunks with more than one encoding").isPositive();
    assertThat(Files.readAllBytes(other)).isNotEqualTo(Files.readAllBytes(canonical));

    RoyaltyFiles.canonicalizeFooter(other);

    assertThat(Files.readAllBytes(other)).isEqualTo(Files.readAllBytes(canonical));
    assertThat(RoyaltyFiles.readParquet(other)).isEqualTo(RoyaltyFiles.readParquet(canonical));
  }

  /** Applies the change to every column chunk's encodings list; returns how many lists hold more than one. */
  private static int rewriteFooter(Path file, java.util.function.Consumer<List<org.apache.parquet.format.Encoding>> change)
      throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    int tail = bytes.length - 8;
    int length = java.nio.ByteBuffer.wrap(bytes, tail, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
    org.apache.parquet.format.FileMetaData footer = org.apache.parquet.format.Util.readFileMetaData(
        new java.io.ByteArrayInputStream(bytes, tail - length, length));
    int multiple = 0;
    for (org.apache.parquet.format.RowGroup group : footer.getRow_groups()) {
      for (org.apache.parquet.format.ColumnChunk column : group.getColumns()) {
        List<org.apache.parquet.format.Encoding> encodings = column.getMeta_data().getEncodings();
        if (encodings.size() > 1) {
          multiple++;
        }
        change.accept(encodings);
      }
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(bytes, 0, tail - length);
    org.apache.parquet.format.Util.writeFileMetaData(footer, out);
    out.write(java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(out.size() - (tail - length)).array());
    out.write(bytes, tail + 4, 4);
    Files.write(file, out.toByteArray());
    return multiple;
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
