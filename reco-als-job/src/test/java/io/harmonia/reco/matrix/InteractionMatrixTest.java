package io.harmonia.reco.matrix;

import static io.harmonia.reco.TestSpark.frame;
import static io.harmonia.reco.TestSpark.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.harmonia.reco.matrix.InteractionMatrix.Confidence;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class InteractionMatrixTest {

  /** a: 3 items, b: 2 items, c: 1 item; x has 3 users, y 2, z 1. */
  private static Dataset<Row> triples() {
    return frame("user_id string, item_id string, plays long",
        row("a", "x", 1L), row("a", "y", 9L), row("a", "z", 99L),
        row("b", "x", 3L), row("b", "y", 1L),
        row("c", "x", 2L));
  }

  @Test
  void dropsItemsThenUsersBelowTheirMinimums() {
    List<Row> kept = InteractionMatrix.dropSparse(triples(), 2, 2).orderBy("user_id", "item_id").collectAsList();

    // z (1 user) goes first; then c (1 item) goes; a keeps x, y
    assertThat(kept).extracting(r -> r.getString(0) + r.getString(1)).containsExactly("ax", "ay", "bx", "by");
  }

  @Test
  void indexesIdsDenselyInAlphabeticalOrder() {
    List<Row> rows = InteractionMatrix.indexIds(triples()).select("user_id", "user", "item_id", "item")
        .distinct().orderBy("user_id", "item_id").collectAsList();

    assertThat(rows).extracting(Row::toString).containsExactly(
        "[a,0,x,0]", "[a,0,y,1]", "[a,0,z,2]", "[b,1,x,0]", "[b,1,y,1]", "[c,2,x,0]");
  }

  @Test
  void logConfidenceIsLog1pOfPlaysOverEpsilon() {
    List<Row> rows = InteractionMatrix.build(triples(), 1, 1, Confidence.LOG, 2.0)
        .orderBy("user_id", "item_id").select("plays", "strength").collectAsList();

    for (Row r : rows) {
      assertThat((double) r.getFloat(1)).isCloseTo(Math.log1p(r.getLong(0) / 2.0), within(1e-6));
    }
    assertThat(InteractionMatrix.build(triples(), 1, 1, Confidence.LINEAR, 1.0).where("plays = 99")
        .first().getFloat(5)).isEqualTo(99f);
  }
}
