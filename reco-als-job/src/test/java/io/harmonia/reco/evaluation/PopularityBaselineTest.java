package io.harmonia.reco.evaluation;

import static io.harmonia.reco.TestSpark.frame;
import static io.harmonia.reco.TestSpark.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class PopularityBaselineTest {

  /** Listeners: item 10 by 3 users, item 11 by 2 (with many plays from one), 12 by 1, 13 by 1. */
  private static Dataset<Row> train() {
    return frame("user int, item int, plays long",
        row(1, 10, 1L), row(2, 10, 1L), row(3, 10, 1L),
        row(1, 11, 500L), row(2, 11, 1L),
        row(3, 12, 1L), row(1, 13, 1L));
  }

  @Test
  void ranksItemsByDistinctListenersThenById() {
    assertThat(PopularityBaseline.mostPopular(train(), 3)).containsExactly(10, 11, 12);
  }

  @Test
  void eachUserGetsThePopularItemsTheyHaveNotSeen() {
    Dataset<Row> seen = frame("user int, items array<int>",
        row(1, List.of(10, 11, 13)), row(2, List.of(10, 11)), row(3, List.of(10, 12)));

    List<Row> top = PopularityBaseline.topUnseen(train(), seen, 2, 3).orderBy("user").collectAsList();

    assertThat(top).extracting(r -> r.getList(1)).containsExactly(List.of(12), List.of(12, 13), List.of(11, 13));
  }
}
