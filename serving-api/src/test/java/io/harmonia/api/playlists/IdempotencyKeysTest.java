package io.harmonia.api.playlists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harmonia.api.http.ApiProblem;
import io.harmonia.api.playlists.PlaylistRequests.AddSong;
import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {

  private static final String PATH = "/api/v1/playlists/p-1/songs";

  @Test
  void theSameRequestHashesTheSameWhateverVersionItExpects() {
    String first = IdempotencyKeys.requestHash("POST", PATH, new AddSong("s-1", 2, 5L).identity());
    String retry = IdempotencyKeys.requestHash("POST", PATH, new AddSong("s-1", 2, 9L).identity());
    String noVersion = IdempotencyKeys.requestHash("POST", PATH, new AddSong("s-1", 2, null).identity());
    assertThat(first).hasSize(64).isEqualTo(retry).isEqualTo(noVersion);
  }

  @Test
  void anotherSongPositionOrPlaylistHashesDifferently() {
    String base = IdempotencyKeys.requestHash("POST", PATH, new AddSong("s-1", 2, null).identity());
    assertThat(IdempotencyKeys.requestHash("POST", PATH, new AddSong("s-2", 2, null).identity())).isNotEqualTo(base);
    assertThat(IdempotencyKeys.requestHash("POST", PATH, new AddSong("s-1", null, null).identity())).isNotEqualTo(base);
    assertThat(IdempotencyKeys.requestHash("POST", "/api/v1/playlists/p-2/songs", new AddSong("s-1", 2, null).identity()))
        .isNotEqualTo(base);
  }

  @Test
  void keysAreOneTo200VisibleAsciiCharacters() {
    assertThat(IdempotencyKeys.keyFrom(null)).isEmpty();
    assertThat(IdempotencyKeys.keyFrom("3f1c9a0e-8b7d-4c2a-9e5f-0a1b2c3d4e5f")).hasValue("3f1c9a0e-8b7d-4c2a-9e5f-0a1b2c3d4e5f");
    assertThat(IdempotencyKeys.keyFrom("x".repeat(200))).isPresent();
    for (String bad : new String[] {"", "x".repeat(201), "has space", "tab\there", "é"}) {
      assertThatThrownBy(() -> IdempotencyKeys.keyFrom(bad)).as(bad)
          .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.detail()).contains("X-Idempotency-Key"));
    }
  }
}
