package io.harmonia.reco.playlists;

import static io.harmonia.reco.TestSpark.frame;
import static io.harmonia.reco.TestSpark.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class PlaylistsTest {

  /** Groups: items 1-9 rock, 10-19 jazz, 20-29 folk. */
  private static Dataset<Row> groups() {
    Object[][] rows = new Object[30][];
    for (int i = 0; i < 30; i++) {
      rows[i] = row(i, i < 10 ? "rock" : i < 20 ? "jazz" : "folk");
    }
    return frame("item int, group string", rows);
  }

  /** User 1 loves rock (3 items, much played), likes jazz (3 items), tried one folk item. */
  private static Dataset<Row> history() {
    return frame("user int, item int, plays long, strength float",
        row(1, 1, 50L, 4f), row(1, 2, 90L, 4.5f), row(1, 3, 10L, 2.4f),
        row(1, 10, 5L, 1.8f), row(1, 11, 3L, 1.4f), row(1, 12, 8L, 2.2f),
        row(1, 20, 1L, 0.7f));
  }

  private static Dataset<Row> candidates() {
    return frame("user int, items array<int>", row(1, List.of(13, 4, 21, 5, 14, 6, 7)));
  }

  @Test
  void discoverWeeklyIsTheFirstCandidates() {
    assertThat(Playlists.discoverWeekly(candidates(), 3).first().<Integer>getList(1)).containsExactly(13, 4, 21);
  }

  @Test
  void oneMixPerMainTasteAlternatingFavouritesWithNewItems() {
    List<Row> mixes = Playlists.dailyMixes(history(), candidates(), groups(), 3, 5, 3).orderBy("mix").collectAsList();

    // folk has one known item (< 3): no mix; rock first (higher summed strength)
    assertThat(mixes).extracting(r -> r.getAs("group")).containsExactly("rock", "jazz");
    Row rock = mixes.get(0);
    // favourites by plays (2, 1, 3) alternate with candidates in rank order (4, 5, 6, 7), cut at 5
    assertThat(rock.<Integer>getList(rock.fieldIndex("items"))).containsExactly(2, 4, 1, 5, 3);
    assertThat((int) rock.getAs("known")).isEqualTo(3);
    assertThat((int) rock.getAs("fresh")).isEqualTo(2);
    Row jazz = mixes.get(1);
    // jazz favourites 12, 10, 11; new 13, 14; then the favourites that are left
    assertThat(jazz.<Integer>getList(jazz.fieldIndex("items"))).containsExactly(12, 13, 10, 14, 11);
  }

  @Test
  void atMostTheConfiguredNumberOfMixes() {
    assertThat(Playlists.dailyMixes(history(), candidates(), groups(), 1, 30, 1).count()).isEqualTo(1);
    assertThat(Playlists.dailyMixes(history(), candidates(), groups(), 3, 30, 1).count()).isEqualTo(3);
  }
}
