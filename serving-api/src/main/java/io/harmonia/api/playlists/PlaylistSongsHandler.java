package io.harmonia.api.playlists;

import io.harmonia.api.auth.BearerAuth;
import io.harmonia.api.catalog.SongCache;
import io.harmonia.api.http.ApiProblem;
import io.harmonia.api.http.Ids;
import io.harmonia.api.http.JsonBodies;
import io.harmonia.api.playlists.IdempotencyKeys.KeyedRequest;
import io.harmonia.api.playlists.PlaylistRequests.AddSong;
import io.harmonia.api.playlists.PlaylistRequests.MoveSong;
import io.harmonia.api.playlists.PlaylistViews.SongsChanged;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code /api/v1/playlists/{playlist_id}/songs}: add (idempotent with {@code X-Idempotency-Key}),
 * remove, reorder. A song id is checked against the catalog (through the song cache) before any
 * transaction starts, so an unknown song is a 404 that costs the playlist nothing.
 */
public final class PlaylistSongsHandler {

  private final SongListEditor editor;
  private final SongCache catalog;
  private final JsonBodies bodies;

  PlaylistSongsHandler(SongListEditor editor, SongCache catalog, JsonBodies bodies) {
    this.editor = editor;
    this.catalog = catalog;
    this.bodies = bodies;
  }

  public void add(Context ctx) {
    String playlistId = Ids.pathId(ctx, "playlist_id");
    String caller = BearerAuth.principal(ctx).userId();
    Optional<String> key = IdempotencyKeys.keyFrom(ctx.header(IdempotencyKeys.HEADER));
    AddSong request = bodies.read(ctx, AddSong.class).validated();
    OptionalLong expected = EntityTags.expectedVersion(ctx.header("If-Match"), request.version());
    requireInCatalog(request.songId());
    String path = "/api/v1/playlists/" + playlistId + "/songs";
    Optional<KeyedRequest> keyed = key.map(k ->
        new KeyedRequest(caller, k, IdempotencyKeys.requestHash("POST", path, request.identity())));
    Answers.send(ctx, editor.add(playlistId, caller, request, expected, keyed, ctx.path()));
  }

  public void remove(Context ctx) {
    String playlistId = Ids.pathId(ctx, "playlist_id");
    String songId = Ids.pathId(ctx, "song_id");
    SongsChanged changed = editor.remove(playlistId, BearerAuth.principal(ctx).userId(), songId,
        EntityTags.expectedVersion(ctx.header("If-Match"), null));
    Answers.etag(ctx, changed.version());
    ctx.status(204);
  }

  public void reorder(Context ctx) {
    String playlistId = Ids.pathId(ctx, "playlist_id");
    MoveSong request = bodies.read(ctx, MoveSong.class).validated();
    SongsChanged changed = editor.move(playlistId, BearerAuth.principal(ctx).userId(), request.songId(),
        request.newPosition(), EntityTags.expectedVersion(ctx.header("If-Match"), request.version()));
    Answers.etag(ctx, changed.version());
    ctx.json(changed);
  }

  private void requireInCatalog(String songId) {
    if (catalog.get(songId).isEmpty()) {
      throw ApiProblem.notFound("song", songId);
    }
  }
}
