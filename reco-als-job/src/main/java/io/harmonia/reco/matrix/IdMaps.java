package io.harmonia.reco.matrix;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.posexplode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/** Between ALS's integer ids and the platform's own ids, with joins (no id table on the driver). */
public final class IdMaps {

  private IdMaps() {}

  /** {@code (user, items: array<int>)}: every user's items, in no particular order. */
  public static Dataset<Row> itemsByUser(Dataset<Row> interactions) {
    return interactions.groupBy("user").agg(collect_list("item").as("items"));
  }

  /**
   * Lists {@code (<keys>, user, items: array<int>)} to {@code (<keys>, user_id, item_ids: array<string>)},
   * order kept; the keys identify a list and include {@code user} (default: the user alone). An
   * empty list stays empty.
   */
  public static Dataset<Row> toPlatformIds(Dataset<Row> lists, Dataset<Row> interactions, String... keys) {
    String[] listKey = keys.length == 0 ? new String[] {"user"} : keys;
    if (!java.util.Arrays.asList(listKey).contains("user")) {
      throw new IllegalArgumentException("the list keys must include user, got " + java.util.Arrays.toString(listKey));
    }
    Dataset<Row> users = interactions.select("user", "user_id").distinct();
    Dataset<Row> items = interactions.select("item", "item_id").distinct();
    Column[] keyCols = java.util.Arrays.stream(listKey).map(functions::col).toArray(Column[]::new);
    Dataset<Row> mapped = lists.select(concat(keyCols, posexplode(col("items")).as(new String[] {"pos", "item"})))
        .join(items, "item")
        .groupBy(keyCols)
        .agg(expr("transform(sort_array(collect_list(struct(pos, item_id))), s -> s.item_id)").as("item_ids"));
    Column[] out = concat(keyCols, col("user_id"),
        expr("coalesce(item_ids, array())").cast("array<string>").as("item_ids"));
    return lists.select(keyCols).join(users, "user").join(mapped, listKey, "left")
        .select(out);
  }

  /** The platform ids of a few items, in the order given (for short lists such as the popular one). */
  public static List<String> itemIds(List<Integer> items, Dataset<Row> interactions) {
    Map<Integer, String> ids = new HashMap<>();
    for (Row row : interactions.select("item", "item_id").distinct().where(col("item").isin(items.toArray()))
        .collectAsList()) {
      ids.put(row.getInt(0), row.getString(1));
    }
    return items.stream().map(ids::get).toList();
  }

  private static Column[] concat(Column[] first, Column... more) {
    Column[] all = java.util.Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }
}
