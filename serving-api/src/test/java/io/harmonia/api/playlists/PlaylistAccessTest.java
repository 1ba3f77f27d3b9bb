package io.harmonia.api.playlists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harmonia.api.http.ApiProblem;
import org.junit.jupiter.api.Test;

class PlaylistAccessTest {

  private static PlaylistAccess as(String caller, boolean collaborative, boolean callerCollaborates) {
    return new PlaylistAccess("p-1", caller, "owner", collaborative, callerCollaborates);
  }

  @Test
  void theOwnerDoesEverything() {
    PlaylistAccess owner = as("owner", false, false);
    assertThat(owner.canRead()).isTrue();
    assertThatCode(() -> owner.requireOwner("delete it")).doesNotThrowAnyException();
    assertThatCode(() -> owner.requireRemoveCollaborator("someone")).doesNotThrowAnyException();
  }

  @Test
  void aPrivatePlaylistIsNotFoundForEveryoneElseEvenAListedCollaborator() {
    for (PlaylistAccess other : new PlaylistAccess[] {as("stranger", false, false), as("listed", false, true),
        as("stranger", true, false)}) {
      assertThat(other.canRead()).isFalse();
      assertThatThrownBy(other::requireEditSongs)
          .isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status()).isEqualTo(404);
            assertThat(p.detail()).isEqualTo("no playlist with id 'p-1'");
          });
    }
  }

  @Test
  void collaboratorsEditTheSongsOfACollaborativePlaylistButNotItsSettings() {
    PlaylistAccess collaborator = as("friend", true, true);
    assertThatCode(collaborator::requireEditSongs).doesNotThrowAnyException();
    assertThatThrownBy(() -> collaborator.requireOwner("delete it"))
        .isInstanceOfSatisfying(ApiProblem.class, p -> {
          assertThat(p.status()).isEqualTo(403);
          assertThat(p.detail()).isEqualTo("only the playlist's owner can delete it");
        });
    assertThatThrownBy(() -> collaborator.requireRemoveCollaborator("another")).isInstanceOf(ApiProblem.class);
  }

  @Test
  void aCollaboratorMayLeave() {
    assertThatCode(() -> as("friend", true, true).requireRemoveCollaborator("friend")).doesNotThrowAnyException();
  }
}
