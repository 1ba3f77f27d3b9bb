package io.harmonia.reco;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.reco.evaluation.HoldoutSplit.Split;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Files for offline evaluation, written through the driver one row at a time
 * ({@code toLocalIterator}), so each is one plain file whatever the partitioning:
 * top-k lists as JSON lines, and the train/test split as triples that other tools can train on.
 */
public final class OfflineFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private OfflineFiles() {}

  /** One line per user: {@code {"user_id": "...", "items": ["...", ...]}}, best first. */
  public static long writeTopK(Dataset<Row> lists, Path file) {
    long lines = 0;
    try (BufferedWriter out = writer(file)) {
      Iterator<Row> rows = lists.select("user_id", "item_ids").orderBy("user_id").toLocalIterator();
      while (rows.hasNext()) {
        Row row = rows.next();
        ObjectNode line = JSON.createObjectNode().put("user_id", row.getString(0));
        ArrayNode items = line.putArray("items");
        List<String> ids = row.getList(1);
        ids.forEach(items::add);
        out.write(JSON.writeValueAsString(line));
        out.write('\n');
        lines++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return lines;
  }

  /** {@code train.tsv} and {@code test.tsv} in the directory: {@code user_id item_id plays}, with a header. */
  public static Path writeSplit(Split split, Path dir) {
    try {
      Files.createDirectories(dir);
      writeTriples(split.train(), dir.resolve("train.tsv"));
      writeTriples(split.test(), dir.resolve("test.tsv"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the split to " + dir, e);
    }
  }

  private static void writeTriples(Dataset<Row> interactions, Path file) throws IOException {
    try (BufferedWriter out = writer(file)) {
      out.write("user_id\titem_id\tplays\n");
      Iterator<Row> rows = interactions.select("user_id", "item_id", "plays").orderBy("user_id", "item_id")
          .toLocalIterator();
      while (rows.hasNext()) {
        Row row = rows.next();
        out.write(row.getString(0) + "\t" + row.getString(1) + "\t" + row.getLong(2) + "\n");
      }
    }
  }

  private static BufferedWriter writer(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return Files.newBufferedWriter(file, StandardCharsets.UTF_8);
  }
}
