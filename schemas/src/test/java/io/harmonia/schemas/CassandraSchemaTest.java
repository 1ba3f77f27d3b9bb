package io.harmonia.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Re-applying a CQL file whose ALTER TABLE … ADD already ran (a run stopped before it was recorded). */
class CassandraSchemaTest {

  private static final String V2 = "ALTER TABLE plays_by_day ADD (play_id text, qualified boolean, rule text)";

  @Test
  void addsEveryColumnToATableThatLacksThem() {
    assertThat(CassandraSchema.withoutExistingColumns(V2, t -> Map.of("day", "date", "event_id", "uuid")))
        .isEqualTo("ALTER TABLE plays_by_day ADD (play_id text, qualified boolean, rule text)");
  }

  @Test
  void skipsTheStatementWhenEveryColumnExistsWithItsType() {
    assertThat(CassandraSchema.withoutExistingColumns(V2,
        t -> Map.of("play_id", "text", "qualified", "boolean", "rule", "text"))).isNull();
  }

  @Test
  void addsOnlyTheColumnsStillMissing() {
    assertThat(CassandraSchema.withoutExistingColumns(V2, t -> Map.of("play_id", "text")))
        .isEqualTo("ALTER TABLE plays_by_day ADD (qualified boolean, rule text)");
    assertThat(CassandraSchema.withoutExistingColumns("ALTER TABLE t ADD tags map<text, int>",
        t -> Map.of("tags", "map<text, int>"))).isNull();
  }

  @Test
  void refusesAColumnThatExistsWithAnotherType() {
    assertThatThrownBy(() -> CassandraSchema.withoutExistingColumns(V2, t -> Map.of("qualified", "text")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("plays_by_day.qualified exists as text, not boolean");
  }

  @Test
  void leavesOtherStatementsAlone() {
    String create = "CREATE TABLE IF NOT EXISTS x (a text PRIMARY KEY)";
    assertThat(CassandraSchema.withoutExistingColumns(create, t -> Map.of())).isEqualTo(create);
    String guarded = "ALTER TABLE x ADD IF NOT EXISTS b text";
    assertThat(CassandraSchema.withoutExistingColumns(guarded, t -> Map.of("b", "text"))).isEqualTo(guarded);
  }
}
