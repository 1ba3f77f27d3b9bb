package io.harmonia.api.playlists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harmonia.api.http.ApiProblem;
import io.harmonia.api.playlists.PlaylistRequests.AddSong;
import io.harmonia.api.playlists.PlaylistRequests.MoveSong;
import io.harmonia.api.playlists.PlaylistRequests.NewPlaylist;
import io.harmonia.api.playlists.PlaylistRequests.PlaylistChanges;
import org.junit.jupiter.api.Test;

class PlaylistRequestsTest {

  @Test
  void aNewPlaylistIsTrimmed() {
    NewPlaylist p = new NewPlaylist("  Road trip ", true, " songs for the car ").validated();
    assertThat(p.name()).isEqualTo("Road trip");
    assertThat(p.description()).isEqualTo("songs for the car");
  }

  @Test
  void namesAreOneToAHundredCharactersCountingCodePoints() {
    assertThat(new NewPlaylist("🎵".repeat(100), false, null).validated().name()).hasSize(200);
    assertProblem(() -> new NewPlaylist("🎵".repeat(101), false, null).validated(), "name must be 1 to 100 characters");
    assertProblem(() -> new NewPlaylist("   ", false, null).validated(), "name must be 1 to 100");
    assertProblem(() -> new NewPlaylist("bell\u0007", false, null).validated(), "without control characters");
  }

  @Test
  void everyProblemIsListedAtOnce() {
    assertProblem(() -> new NewPlaylist(null, null, "x".repeat(1001)).validated(),
        "name is required; is_collaborative is required (true or false); description must be at most 1000 characters");
  }

  @Test
  void aDescriptionMayHaveLineBreaks() {
    assertThat(new NewPlaylist("n", false, "one\ntwo\tthree").validated().description()).isEqualTo("one\ntwo\tthree");
  }

  @Test
  void aChangeMustChangeSomethingAndAnEmptyDescriptionClearsIt() {
    assertProblem(() -> new PlaylistChanges(null, null, null, 3L).validated(), "nothing to change");
    assertThat(new PlaylistChanges(null, "", null, null).validated().clearsDescription()).isTrue();
    assertThat(new PlaylistChanges("New", null, null, null).validated().clearsDescription()).isFalse();
  }

  @Test
  void songIdsAndPositionsAreChecked() {
    assertProblem(() -> new AddSong(null, null, null).validated(), "song_id is required");
    assertProblem(() -> new AddSong("bad id!", null, null).validated(), "is not an id");
    assertProblem(() -> new AddSong("s-1", -1, null).validated(), "position must be 0 or more");
    assertProblem(() -> new MoveSong("s-1", null, null).validated(), "new_position is required");
    assertProblem(() -> new MoveSong("s-1", -2, null).validated(), "new_position must be 0 or more");
  }

  private static void assertProblem(Runnable validation, String detailPart) {
    assertThatThrownBy(validation::run).isInstanceOfSatisfying(ApiProblem.class, p -> {
      assertThat(p.status()).isEqualTo(400);
      assertThat(p.detail()).contains(detailPart);
    });
  }
}
