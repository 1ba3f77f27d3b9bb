package io.harmonia.reco.bench;

import static io.harmonia.reco.TestSpark.frame;
import static io.harmonia.reco.TestSpark.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class SyntheticPlaysTest {

  @Test
  void everyPlayHappensOnItsDayEvenFarInTheFuture() {
    for (LocalDate day : List.of(LocalDate.of(2025, 3, 1), LocalDate.of(2760, 1, 12))) {
      List<Row> rows = SyntheticPlays.plays(
          frame("user_id string, item_id string, plays long", row("1", "51", 13_883L), row("2", "52", 40L)),
          day, 1, 100).collectAsList();

      assertThat(rows).hasSizeGreaterThan(2);
      for (Row r : rows) {
        assertThat(((java.sql.Date) r.getAs("day")).toLocalDate()).isEqualTo(day);
        LocalDate playedOn = ((Timestamp) r.getAs("played_at")).toInstant().atZone(ZoneOffset.UTC).toLocalDate();
        assertThat(playedOn).as("played_at of a play stored under %s", day).isEqualTo(day);
        assertThat((int) r.getAs("duration_ms")).isGreaterThanOrEqualTo(30_000);
      }
    }
  }
}
