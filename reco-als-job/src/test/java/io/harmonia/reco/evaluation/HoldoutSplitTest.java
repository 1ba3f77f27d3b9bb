package io.harmonia.reco.evaluation;

import static io.harmonia.reco.TestSpark.frame;
import static io.harmonia.reco.TestSpark.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harmonia.reco.evaluation.HoldoutSplit.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class HoldoutSplitTest {

  /** u1 has 10 items, u2 has 5, u3 has 4 (floor(0.8) = 0 held out). */
  private static Dataset<Row> interactions() {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(row("u1", "i" + i, 1L));
    }
    for (int i = 0; i < 5; i++) {
      rows.add(row("u2", "i" + i, 2L));
    }
    for (int i = 0; i < 4; i++) {
      rows.add(row("u3", "i" + i, 3L));
    }
    return frame("user_id string, item_id string, plays long", rows.toArray(Object[][]::new));
  }

  @Test
  void holdsOutTheFloorOfTheFractionOfEachUsersItems() {
    Split split = HoldoutSplit.split(interactions(), 0.2, 42);

    assertThat(countsByUser(split.test())).isEqualTo(Map.of("u1", 2L, "u2", 1L));
    assertThat(countsByUser(split.train())).isEqualTo(Map.of("u1", 8L, "u2", 4L, "u3", 4L));
  }

  @Test
  void trainAndTestPartitionTheInteractions() {
    Split split = HoldoutSplit.split(interactions(), 0.2, 42);

    assertThat(split.train().intersect(split.test()).count()).isZero();
    assertThat(split.train().union(split.test()).exceptAll(interactions()).count()).isZero();
    assertThat(split.train().count() + split.test().count()).isEqualTo(19);
  }

  @Test
  void theSameSeedGivesTheSameSplitAndAnotherSeedAnotherOne() {
    List<Row> first = HoldoutSplit.split(interactions(), 0.3, 42).test().orderBy("user_id", "item_id").collectAsList();
    List<Row> again = HoldoutSplit.split(interactions().repartition(3), 0.3, 42).test().orderBy("user_id", "item_id")
        .collectAsList();
    List<Row> other = HoldoutSplit.split(interactions(), 0.3, 7).test().orderBy("user_id", "item_id").collectAsList();

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void rejectsAFractionOutsideZeroToOne() {
    assertThatThrownBy(() -> HoldoutSplit.split(interactions(), 1.0, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  private static Map<String, Long> countsByUser(Dataset<Row> df) {
    return df.groupBy("user_id").count().collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
  }
}
