package io.harmonia.reco.training;

import static io.harmonia.reco.TestSpark.frame;
import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.reco.matrix.IdMaps;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class RecommenderTest {

  /** Two communities: users 0-9 play items 0-9, users 10-19 play items 10-19, each all but one. */
  private static Dataset<Row> interactions() {
    List<Object[]> rows = new ArrayList<>();
    for (int user = 0; user < 20; user++) {
      int base = user < 10 ? 0 : 10;
      for (int item = base; item < base + 10; item++) {
        if (item - base != user % 10) {
          rows.add(new Object[] {user, item, 1f + (item % 3)});
        }
      }
    }
    return frame("user int, item int, strength float", rows.toArray(Object[][]::new));
  }

  @Test
  void recommendsOnlyUnseenItemsBestFirstAndFromTheUsersCommunity() {
    ALSModel model = AlsTrainer.fit(interactions(), new AlsParams(4, 10, 0.05, 10, false, 2, 2, 5, 1L));
    Dataset<Row> seen = IdMaps.itemsByUser(interactions());

    List<Row> top = Recommender.topUnseen(model, seen, 3, 100).orderBy("user").collectAsList();

    assertThat(top).hasSize(20);
    for (Row row : top) {
      int user = row.getInt(0);
      List<Integer> items = row.getList(1);
      assertThat(items).hasSize(3).doesNotHaveDuplicates();
      int missing = (user < 10 ? 0 : 10) + user % 10;
      // the one community item the user has not played comes first
      assertThat(items.get(0)).isEqualTo(missing);
      assertThat(seen.where("user = " + user).first().<Integer>getList(1)).doesNotContainAnyElementsOf(items);
    }
    assertThat(Recommender.longestHistory(seen)).isEqualTo(9);
  }
}
