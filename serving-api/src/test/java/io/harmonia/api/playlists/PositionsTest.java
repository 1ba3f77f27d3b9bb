package io.harmonia.api.playlists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harmonia.api.http.ApiProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PositionsTest {

  @Test
  void anAbsentPositionAppends() {
    assertThat(Positions.insertionPoint(null, 0)).isZero();
    assertThat(Positions.insertionPoint(null, 7)).isEqualTo(7);
  }

  @Test
  void aSongMayGoAnywhereFromTheStartToJustAfterTheEnd() {
    assertThat(Positions.insertionPoint(0, 3)).isZero();
    assertThat(Positions.insertionPoint(3, 3)).isEqualTo(3);
  }

  @Test
  void beyondTheEndIsA400ThatSaysWhereSongsCanGo() {
    assertThatThrownBy(() -> Positions.insertionPoint(4, 3))
        .isInstanceOfSatisfying(ApiProblem.class, p -> {
          assertThat(p.status()).isEqualTo(400);
          assertThat(p.detail()).contains("position 4 is beyond the end", "has 3 songs", "0 to 3");
        });
    assertThatThrownBy(() -> Positions.insertionPoint(1, 0)).isInstanceOf(ApiProblem.class);
  }

  @Test
  void moveTargetsMustBeAnExistingPosition() {
    assertThat(Positions.moveTarget(0, 1)).isZero();
    assertThat(Positions.moveTarget(4, 5)).isEqualTo(4);
    assertThatThrownBy(() -> Positions.moveTarget(5, 5))
        .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.detail()).contains("positions 0 to 4"));
    assertThatThrownBy(() -> Positions.moveTarget(-1, 5)).isInstanceOf(ApiProblem.class);
  }

  @Test
  void shiftsForEachEdit() {
    assertThat(Positions.forInsert(2, 5)).isEqualTo(new Positions.Shift(2, 4, +1));
    assertThat(Positions.forInsert(5, 5).isEmpty()).as("appending moves nothing").isTrue();
    assertThat(Positions.forRemove(2, 5)).isEqualTo(new Positions.Shift(3, 4, -1));
    assertThat(Positions.forRemove(4, 5).isEmpty()).as("removing the last moves nothing").isTrue();
    assertThat(Positions.forMove(1, 3)).isEqualTo(new Positions.Shift(2, 3, -1));
    assertThat(Positions.forMove(3, 1)).isEqualTo(new Positions.Shift(1, 2, +1));
  }

  /** Applying the shifts the way the SQL does keeps positions 0..n-1 and matches a plain list's edits. */
  @Test
  void randomEditsKeepPositionsContiguousAndInTheListsOrder() {
    Random random = new Random(42);
    List<String> expected = new ArrayList<>();
    List<Slot> table = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < 2000; i++) {
      int op = expected.isEmpty() ? 0 : random.nextInt(3);
      if (op == 0) {
        String song = "s" + next++;
        int at = Positions.insertionPoint(random.nextBoolean() ? null : random.nextInt(expected.size() + 1), expected.size());
        apply(table, Positions.forInsert(at, expected.size()), null);
        table.add(new Slot(song, at));
        expected.add(at, song);
      } else if (op == 1) {
        int at = random.nextInt(expected.size());
        String song = expected.remove(at);
        table.removeIf(s -> s.song.equals(song));
        apply(table, Positions.forRemove(at, expected.size() + 1), null);
      } else {
        int from = random.nextInt(expected.size());
        int to = Positions.moveTarget(random.nextInt(expected.size()), expected.size());
        String song = expected.get(from);
        if (from != to) {
          apply(table, Positions.forMove(from, to), song);
          table.stream().filter(s -> s.song.equals(song)).forEach(s -> s.position = to);
        }
        expected.add(to, expected.remove(from));
      }
      assertThat(order(table)).isEqualTo(expected);
    }
  }

  private static final class Slot {
    final String song;
    int position;

    Slot(String song, int position) {
      this.song = song;
      this.position = position;
    }
  }

  private static void apply(List<Slot> table, Positions.Shift shift, String except) {
    for (Slot s : table) {
      if (!s.song.equals(except) && s.position >= shift.from() && s.position <= shift.to()) {
        s.position += shift.delta();
      }
    }
  }

  private static List<String> order(List<Slot> table) {
    String[] byPosition = new String[table.size()];
    for (Slot s : table) {
      assertThat(s.position).isBetween(0, table.size() - 1);
      assertThat(byPosition[s.position]).as("position %d twice", s.position).isNull();
      byPosition[s.position] = s.song;
    }
    return List.of(byPosition);
  }
}
