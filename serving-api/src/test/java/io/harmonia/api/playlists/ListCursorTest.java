package io.harmonia.api.playlists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harmonia.api.http.ApiProblem;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ListCursorTest {

  @Test
  void aCursorRoundTripsToTheMicrosecond() {
    ListCursor cursor = new ListCursor(Instant.parse("2026-03-01T10:15:30.123456Z"), "p-AbC_9-x");
    String encoded = cursor.encode();
    assertThat(encoded).matches("[A-Za-z0-9_-]+");
    assertThat(ListCursor.decode(encoded)).isEqualTo(cursor);
  }

  @Test
  void aCursorThisApiDidNotGiveIsA400() {
    for (String bad : new String[] {"!!!", "bm90IGEgY3Vyc29y", "YzE6MTIzOg", "YzE6eHl6OnAtMQ"}) {
      assertThatThrownBy(() -> ListCursor.decode(bad)).as(bad)
          .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.detail()).contains("next_cursor"));
    }
  }
}
