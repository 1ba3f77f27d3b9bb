package io.harmonia.reco.history;

import static io.harmonia.reco.TestSpark.frame;
import static io.harmonia.reco.TestSpark.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.reco.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlayHistoryTest {

  @TempDir Path dir;

  @Test
  void readsHetRecStyleTriplesWithAHeaderAndCrlfLineEnds() throws Exception {
    Path file = dir.resolve("user_artists.dat");
    Files.writeString(file, "userID\tartistID\tweight\r\n2\t51\t13883\r\n2\t52\t11690\r\n3\t51\t0\r\n2\t51\t7\r\n");

    List<Row> rows = PlayHistory.fromTriplesFile(TestSpark.session(), file.toString())
        .orderBy("user_id", "item_id").collectAsList();

    // a zero count is no interaction; a repeated pair adds up
    assertThat(rows).extracting(Row::toString).containsExactly("[2,51,13890]", "[2,52,11690]");
    assertThat(rows.get(0).get(2)).isInstanceOf(Long.class);
  }

  @Test
  void countsOnlyPlaysOfAtLeastTheMinimumDuration() {
    var plays = frame("user_id string, song_id string, duration_ms int",
        row("u1", "s1", 200_000), row("u1", "s1", 31_000), row("u1", "s1", 5_000),
        row("u1", "s2", 29_999), row("u2", "s1", 30_000));

    List<Row> rows = PlayHistory.countQualifiedPlays(plays, 30_000).orderBy("user_id", "item_id").collectAsList();

    assertThat(rows).extracting(Row::toString).containsExactly("[u1,s1,2]", "[u2,s1,1]");
  }
}
