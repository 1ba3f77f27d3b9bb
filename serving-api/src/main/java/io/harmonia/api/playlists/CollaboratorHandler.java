package io.harmonia.api.playlists;

import io.harmonia.api.auth.BearerAuth;
import io.harmonia.api.http.Ids;
import io.harmonia.api.http.JsonBodies;
import io.harmonia.api.playlists.PlaylistRequests.NewCollaborator;
import io.harmonia.api.playlists.PlaylistViews.CollaboratorsChanged;
import io.javalin.http.Context;

/** {@code /api/v1/playlists/{playlist_id}/collaborators}: the owner adds and removes; a collaborator may leave. */
public final class CollaboratorHandler {

  private final PlaylistEditor editor;
  private final JsonBodies bodies;

  CollaboratorHandler(PlaylistEditor editor, JsonBodies bodies) {
    this.editor = editor;
    this.bodies = bodies;
  }

  public void add(Context ctx) {
    String playlistId = Ids.pathId(ctx, "playlist_id");
    NewCollaborator request = bodies.read(ctx, NewCollaborator.class).validated();
    CollaboratorsChanged changed = editor.addCollaborator(playlistId, BearerAuth.principal(ctx).userId(),
        request.userId(), EntityTags.expectedVersion(ctx.header("If-Match"), request.version()));
    Answers.etag(ctx, changed.version());
    ctx.json(changed);
  }

  public void remove(Context ctx) {
    String playlistId = Ids.pathId(ctx, "playlist_id");
    String userId = Ids.pathId(ctx, "user_id");
    CollaboratorsChanged changed = editor.removeCollaborator(playlistId, BearerAuth.principal(ctx).userId(), userId,
        EntityTags.expectedVersion(ctx.header("If-Match"), null));
    Answers.etag(ctx, changed.version());
    ctx.status(204);
  }
}
