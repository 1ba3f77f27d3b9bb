package io.harmonia.reco.playlists;

import static io.harmonia.reco.TestSpark.frame;
import static io.harmonia.reco.TestSpark.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ItemGroupsTest {

  /** Two obvious directions in factor space: items 0-2 and items 3-5. */
  private static Dataset<Row> factors() {
    return frame("id int, features array<float>",
        row(0, List.of(1f, 0.1f)), row(1, List.of(2f, 0.15f)), row(2, List.of(0.9f, 0f)),
        row(3, List.of(0.1f, 1f)), row(4, List.of(0f, 3f)), row(5, List.of(0.2f, 1.5f)));
  }

  @Test
  void itemsPointingTheSameWayShareAGroup() {
    Map<Integer, String> groups = byItem(ItemGroups.fromFactors(factors(), 2, 1));

    assertThat(groups.get(0)).startsWith("taste-").isEqualTo(groups.get(1)).isEqualTo(groups.get(2));
    assertThat(groups.get(3)).isEqualTo(groups.get(4)).isEqualTo(groups.get(5)).isNotEqualTo(groups.get(0));
  }

  @Test
  void aKnownGenreWinsOverTheFactorGroup() {
    Dataset<Row> genres = frame("item int, genre string", row(4, "Jazz"));

    Map<Integer, String> groups = byItem(ItemGroups.preferGenres(ItemGroups.fromFactors(factors(), 2, 1), genres));

    assertThat(groups.get(4)).isEqualTo("Jazz");
    assertThat(groups.get(3)).startsWith("taste-");
  }

  private static Map<Integer, String> byItem(Dataset<Row> groups) {
    return groups.collectAsList().stream().collect(Collectors.toMap(r -> r.getInt(0), r -> r.getString(1)));
  }
}
