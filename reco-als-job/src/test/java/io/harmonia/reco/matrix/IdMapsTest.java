package io.harmonia.reco.matrix;

import static io.harmonia.reco.TestSpark.frame;
import static io.harmonia.reco.TestSpark.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class IdMapsTest {

  private static Dataset<Row> interactions() {
    return frame("user_id string, item_id string, user int, item int",
        row("u-a", "s-10", 0, 0), row("u-a", "s-11", 0, 1), row("u-b", "s-12", 1, 2), row("u-c", "s-10", 2, 0));
  }

  @Test
  void mapsListsToPlatformIdsKeepingTheirOrder() {
    Dataset<Row> lists = frame("user int, items array<int>", row(0, List.of(2, 0, 1)), row(1, List.of()));

    List<Row> rows = IdMaps.toPlatformIds(lists, interactions()).orderBy("user").collectAsList();

    assertThat(rows).extracting(r -> r.getString(1)).containsExactly("u-a", "u-b");
    assertThat(rows.get(0).<String>getList(2)).containsExactly("s-12", "s-10", "s-11");
    assertThat(rows.get(1).<String>getList(2)).isEmpty();
  }

  @Test
  void keepsListsApartByTheirKeys() {
    Dataset<Row> mixes = frame("user int, mix int, items array<int>", row(0, 1, List.of(1)), row(0, 2, List.of(2, 0)));

    List<Row> rows = IdMaps.toPlatformIds(mixes, interactions(), "user", "mix").orderBy("mix").collectAsList();

    assertThat(rows).extracting(r -> r.getList(3)).containsExactly(List.of("s-11"), List.of("s-12", "s-10"));
  }

  @Test
  void listsEachUsersItemsAndNamesAFewItems() {
    assertThat(IdMaps.itemsByUser(interactions()).where("user = 0").first().<Integer>getList(1))
        .containsExactlyInAnyOrder(0, 1);
    assertThat(IdMaps.itemIds(List.of(2, 0), interactions())).containsExactly("s-12", "s-10");
  }
}
