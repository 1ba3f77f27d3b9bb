package io.harmonia.royalties;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * The export's two files, written so that the same rows always give the same bytes: rows in
 * {@link RoyaltyRow#ORDER}; Parquet with fixed writer settings (format v1 pages, Snappy, dictionary
 * on, one row group up to 128 MiB, no extra metadata) and no timestamp or random id anywhere; CSV
 * as UTF-8 with LF line ends. Read back by the verification.
 */
public final class RoyaltyFiles {

  public static final String PARQUET = "royalties.parquet";
  public static final String CSV = "royalties.csv";

  static final String[] COLUMNS = {"day", "song_id", "artist_id", "subscription", "qualified_plays",
      "unique_listeners", "ms_listened"};

  /** The Parquet schema (the CSV has the same columns, in the same order). */
  public static final MessageType SCHEMA = Types.buildMessage()
      .required(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named("day")
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("song_id")
      .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("artist_id")
      .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("subscription")
      .required(PrimitiveTypeName.INT64).named("qualified_plays")
      .required(PrimitiveTypeName.INT64).named("unique_listeners")
      .required(PrimitiveTypeName.INT64).named("ms_listened")
      .named("royalty_row");

  private RoyaltyFiles() {}

  public static void writeParquet(List<RoyaltyRow> rows, Path file) throws IOException {
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
        .withConf(new Configuration(false))
        .withType(SCHEMA)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withWriterVersion(WriterVersion.PARQUET_1_0)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .withDictionaryEncoding(true)
        .withRowGroupSize(128L * 1024 * 1024)
        .withPageSize(1024 * 1024)
        .build()) {
      for (RoyaltyRow row : sorted(rows)) {
        Group g = groups.newGroup()
            .append("day", (int) row.day().toEpochDay())
            .append("song_id", row.songId());
        if (row.artistId() != null) {
          g.append("artist_id", row.artistId());
        }
        g.append("subscription", row.subscription())
            .append("qualified_plays", row.qualifiedPlays())
            .append("unique_listeners", row.uniqueListeners())
            .append("ms_listened", row.msListened());
        writer.write(g);
      }
    }
    canonicalizeFooter(file);
  }

  /**
   * Sorts each column chunk's list of encodings in the file's footer. Parquet's writer collects them
   * in a {@code HashSet} of enum constants, whose order follows identity hash codes and so changes
   * from one JVM to the next: without this, the same rows gave files that differed in a few footer
   * bytes between runs (and between local mode and a cluster). The list's order carries no meaning;
   * sorted, the same rows always give the same bytes.
   */
  static void canonicalizeFooter(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int tail = bytes.length - 8; // footer length (4 bytes, little-endian), then "PAR1"
    int footerLength = ByteBuffer.wrap(bytes, tail, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    int footerStart = tail - footerLength;
    FileMetaData footer = Util.readFileMetaData(new ByteArrayInputStream(bytes, footerStart, footerLength));
    for (RowGroup group : footer.getRow_groups()) {
      for (ColumnChunk column : group.getColumns()) {
        column.getMeta_data().getEncodings().sort(Comparator.comparingInt(org.apache.parquet.format.Encoding::getValue));
      }
    }
    ByteArrayOutputStream rewritten = new ByteArrayOutputStream(footerLength);
    Util.writeFileMetaData(footer, rewritten);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(bytes, 0, footerStart);
      rewritten.writeTo(out);
      out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(rewritten.size()).array());
      out.write(bytes, tail + 4, 4);
    }
  }

  public static List<RoyaltyRow> readParquet(Path file) throws IOException {
    List<RoyaltyRow> rows = new ArrayList<>();
    try (ParquetReader<Group> reader = new GroupReaderBuilder(file).build()) {
      for (Group g = reader.read(); g != null; g = reader.read()) {
        rows.add(new RoyaltyRow(LocalDate.ofEpochDay(g.getInteger("day", 0)), g.getString("song_id", 0),
            g.getFieldRepetitionCount("artist_id") == 0 ? null : g.getString("artist_id", 0),
            g.getString("subscription", 0), g.getLong("qualified_plays", 0), g.getLong("unique_listeners", 0),
            g.getLong("ms_listened", 0)));
      }
    }
    return rows;
  }

  /** RFC 4180 with a header row; an absent artist is an empty field. */
  public static void writeCsv(List<RoyaltyRow> rows, Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write(String.join(",", COLUMNS));
      out.write('\n');
      for (RoyaltyRow row : sorted(rows)) {
        out.write(String.join(",", row.day().toString(), field(row.songId()),
            row.artistId() == null ? "" : field(row.artistId()), field(row.subscription()),
            Long.toString(row.qualifiedPlays()), Long.toString(row.uniqueListeners()), Long.toString(row.msListened())));
        out.write('\n');
      }
    }
  }

  public static List<RoyaltyRow> readCsv(Path file) throws IOException {
    List<RoyaltyRow> rows = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (!String.join(",", COLUMNS).equals(header)) {
        throw new IOException("unexpected CSV header: " + header);
      }
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        List<String> f = parseLine(line);
        if (f.size() != COLUMNS.length) {
          throw new IOException("a CSV line has " + f.size() + " fields: " + line);
        }
        rows.add(new RoyaltyRow(LocalDate.parse(f.get(0)), f.get(1), f.get(2).isEmpty() ? null : f.get(2), f.get(3),
            Long.parseLong(f.get(4)), Long.parseLong(f.get(5)), Long.parseLong(f.get(6))));
      }
    }
    return rows;
  }

  /** Lower-case hex SHA-256 of a file, read as a stream. */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Lower-case hex SHA-256 of some bytes. */
  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static List<RoyaltyRow> sorted(List<RoyaltyRow> rows) {
    List<RoyaltyRow> copy = new ArrayList<>(rows);
    copy.sort(RoyaltyRow.ORDER);
    return copy;
  }

  private static String field(String value) {
    if (value.isEmpty() || value.chars().anyMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r')) {
      return '"' + value.replace("\"", "\"\"") + '"';
    }
    return value;
  }

  private static List<String> parseLine(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          current.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          current.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        fields.add(current.toString());
        current.setLength(0);
      } else {
        current.append(ch);
      }
    }
    fields.add(current.toString());
    return fields;
  }

  /** A reader of example {@link Group}s from a local file (no Hadoop file system involved). */
  private static final class GroupReaderBuilder extends ParquetReader.Builder<Group> {
    GroupReaderBuilder(Path file) {
      super(new LocalInputFile(file));
    }

    @Override
    protected ReadSupport<Group> getReadSupport() {
      return new GroupReadSupport();
    }
  }
}
