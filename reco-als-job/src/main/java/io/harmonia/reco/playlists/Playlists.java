package io.harmonia.reco.playlists;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Stage "playlists": Discover Weekly and Daily Mixes from each user's unseen candidates (best
 * first) and own history.
 */
public final class Playlists {

  private Playlists() {}

  /** {@code (user, items)}: the first {@code size} candidates, all of them new to the user. */
  public static Dataset<Row> discoverWeekly(Dataset<Row> candidates, int size) {
    return candidates.select(col("user"), expr("slice(items, 1, " + size + ")").as("items"));
  }

  /**
   * Up to {@code maxMixes} Daily Mixes per user, one per taste group the user listens to most
   * (by summed strength, at least {@code minKnownPerMix} of the user's items in the group). A mix
   * alternates the user's own favourites of the group (most played first) with new candidates
   * of the same group (best first) and runs on with whichever is left, up to {@code size} items.
   *
   * @param interactions {@code (user, item, plays, strength)}: the user's history
   * @param candidates {@code (user, items)}: unseen items, best first
   * @param groups {@code (item, group)}
   * @return {@code (user, mix: int from 1, group, items, known: int, fresh: int)}
   */
  public static Dataset<Row> dailyMixes(Dataset<Row> interactions, Dataset<Row> candidates, Dataset<Row> groups,
      int maxMixes, int size, int minKnownPerMix) {
    Dataset<Row> knownByGroup = interactions.join(groups, "item")
        .groupBy("user", "group")
        .agg(sum("strength").as("affinity"), count("item").as("known_count"),
            expr("transform(sort_array(collect_list(struct(-plays AS neg_plays, item))), s -> s.item)").as("known"))
        .where(col("known_count").geq(minKnownPerMix))
        .withColumn("mix", row_number().over(
            Window.partitionBy("user").orderBy(col("affinity").desc(), col("group"))))
        .where(col("mix").leq(maxMixes));
    Dataset<Row> freshByGroup = candidates.select(col("user"), posexplode(col("items")).as(new String[] {"pos", "item"}))
        .join(groups, "item")
        .groupBy("user", "group")
        .agg(expr("transform(sort_array(collect_list(struct(pos, item))), s -> s.item)").as("fresh"));
    return knownByGroup.join(freshByGroup, new String[] {"user", "group"}, "left")
        .withColumn("fresh", expr("coalesce(fresh, filter(known, x -> false))"))
        .withColumn("items", expr("slice(filter(flatten(zip_with(known, fresh, (a, b) -> array(a, b))), "
            + "x -> x IS NOT NULL), 1, " + size + ")"))
        .select(col("user"), col("mix"), col("group"), col("items"),
            expr("size(filter(items, x -> array_contains(known, x)))").as("known"),
            expr("size(filter(items, x -> array_contains(fresh, x)))").as("fresh"));
  }
}
