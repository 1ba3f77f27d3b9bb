package io.harmonia.reco.evaluation;

import static io.harmonia.reco.TestSpark.frame;
import static io.harmonia.reco.TestSpark.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.harmonia.reco.TestSpark;
import io.harmonia.reco.evaluation.RankingMetrics.Summary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

class RankingMetricsTest {

  private static final double LOG2_3 = Math.log(3) / Math.log(2);
  private static final double LOG2_6 = Math.log(6) / Math.log(2);

  /**
   * User 1: list [1, 2, 3, 4, 5], relevant {2, 5, 9}, k = 5: hits at ranks 2 and 5.
   * User 2: relevant {7}, no list at all: every metric 0. User 3: nothing held out: not evaluated.
   */
  private static Dataset<Row> recommended() {
    return frame("user int, items array<int>", row(1, List.of(1, 2, 3, 4, 5)), row(3, List.of(1)));
  }

  private static Dataset<Row> relevant() {
    return frame("user int, items array<int>", row(1, List.of(2, 5, 9)), row(2, List.of(7)), row(3, List.of()));
  }

  @Test
  void perUserMetricsMatchTheHandComputedValues() {
    Map<Integer, Row> byUser = new HashMap<>();
    RankingMetrics.perUser(recommended(), relevant(), 5).collectAsList().forEach(r -> byUser.put(r.getInt(0), r));

    assertThat(byUser).containsOnlyKeys(1, 2);
    Row u1 = byUser.get(1);
    assertThat(u1.getDouble(1)).isCloseTo(2.0 / 5, within(1e-12));                        // precision
    assertThat(u1.getDouble(2)).isCloseTo(2.0 / 3, within(1e-12));                        // recall
    double dcg = 1 / LOG2_3 + 1 / LOG2_6;
    double idcg = 1 + 1 / LOG2_3 + 1 / 2.0;
    assertThat(u1.getDouble(3)).isCloseTo(dcg / idcg, within(1e-12));                    // NDCG = 0.47762
    assertThat(u1.getDouble(3)).isCloseTo(0.47762, within(1e-5));
    assertThat(u1.getDouble(4)).isCloseTo((1.0 / 2 + 2.0 / 5) / 3, within(1e-12));        // AP = 0.3
    Row u2 = byUser.get(2);
    assertThat(List.of(u2.getDouble(1), u2.getDouble(2), u2.getDouble(3), u2.getDouble(4))).containsOnly(0.0);
  }

  @Test
  void theSummaryAveragesOverUsersWithHeldOutItems() {
    Summary s = RankingMetrics.evaluate(recommended(), relevant(), 5);

    assertThat(s.users()).isEqualTo(2);
    assertThat(s.precision()).isCloseTo(0.2, within(1e-12));
    assertThat(s.map()).isCloseTo(0.15, within(1e-12));
  }

  @Test
  void onlyTheFirstKItemsCountAndApIsNormalisedByMinOfKAndRelevant() {
    // k = 2: list [1, 2], hit at rank 2; IDCG over min(2, 3) = 2 positions; AP = (1/2) / 2
    Summary s = RankingMetrics.evaluate(recommended().where("user = 1"), relevant().where("user = 1"), 2);

    assertThat(s.precision()).isCloseTo(0.5, within(1e-12));
    assertThat(s.recall()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(s.ndcg()).isCloseTo((1 / LOG2_3) / (1 + 1 / LOG2_3), within(1e-12));
    assertThat(s.map()).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void agreesWithSparkMllibRankingMetricsOnRandomLists() {
    Random random = new Random(3);
    List<Object[]> recRows = new ArrayList<>();
    List<Object[]> relRows = new ArrayList<>();
    List<Tuple2<List<Integer>, List<Integer>>> pairs = new ArrayList<>();
    for (int user = 0; user < 40; user++) {
      List<Integer> rec = distinct(random, 10, 30);
      List<Integer> rel = distinct(random, 1 + random.nextInt(12), 30);
      recRows.add(row(user, rec));
      relRows.add(row(user, rel));
      pairs.add(new Tuple2<>(rec, rel));
    }
    int k = 10;
    Summary ours = RankingMetrics.evaluate(frame("user int, items array<int>", recRows.toArray(Object[][]::new)),
        frame("user int, items array<int>", relRows.toArray(Object[][]::new)), k);

    JavaRDD<Tuple2<List<Integer>, List<Integer>>> rdd =
        JavaSparkContext.fromSparkContext(TestSpark.session().sparkContext()).parallelize(pairs);
    org.apache.spark.mllib.evaluation.RankingMetrics<Integer> mllib =
        org.apache.spark.mllib.evaluation.RankingMetrics.of(rdd);
    assertThat(ours.precision()).isCloseTo(mllib.precisionAt(k), within(1e-9));
    assertThat(ours.recall()).isCloseTo(mllib.recallAt(k), within(1e-9));
    assertThat(ours.ndcg()).isCloseTo(mllib.ndcgAt(k), within(1e-9));
    assertThat(ours.map()).isCloseTo(mllib.meanAveragePrecisionAt(k), within(1e-9));
  }

  @Test
  void countsRecommendedItemsTheUserHasSeen() {
    Dataset<Row> seen = frame("user int, items array<int>", row(1, List.of(3, 8)), row(3, List.of(2)));

    assertThat(RankingMetrics.seenItemsRecommended(recommended(), seen)).isEqualTo(1);
  }

  private static List<Integer> distinct(Random random, int n, int range) {
    List<Integer> out = new ArrayList<>();
    while (out.size() < n) {
      int v = random.nextInt(range);
      if (!out.contains(v)) {
        out.add(v);
      }
    }
    return out;
  }
}
