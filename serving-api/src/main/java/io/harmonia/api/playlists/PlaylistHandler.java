package io.harmonia.api.playlists;

import io.harmonia.api.auth.BearerAuth;
import io.harmonia.api.http.Ids;
import io.harmonia.api.http.JsonBodies;
import io.harmonia.api.http.QueryParams;
import io.harmonia.api.playlists.IdempotencyKeys.KeyedRequest;
import io.harmonia.api.playlists.PlaylistRequests.NewPlaylist;
import io.harmonia.api.playlists.PlaylistRequests.PlaylistChanges;
import io.harmonia.api.playlists.PlaylistViews.Playlist;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * {@code /api/v1/playlists} and {@code /api/v1/me/playlists}: create, read, change, delete, list.
 * Reads come from the cache when it holds the current version; writes go through
 * {@link PlaylistEditor}. Every answer that shows a playlist carries its version as the ETag.
 */
public final class PlaylistHandler {

  static final int DEFAULT_PAGE = 20;
  static final int MAX_PAGE = 100;

  private final PlaylistReader reader;
  private final PlaylistEditor editor;
  private final JsonBodies bodies;

  PlaylistHandler(PlaylistReader reader, PlaylistEditor editor, JsonBodies bodies) {
    this.reader = reader;
    this.editor = editor;
    this.bodies = bodies;
  }

  public void create(Context ctx) {
    String caller = BearerAuth.principal(ctx).userId();
    Optional<String> key = IdempotencyKeys.keyFrom(ctx.header(IdempotencyKeys.HEADER));
    NewPlaylist request = bodies.read(ctx, NewPlaylist.class).validated();
    Optional<KeyedRequest> keyed = key.map(k ->
        new KeyedRequest(caller, k, IdempotencyKeys.requestHash("POST", "/api/v1/playlists", request)));
    Answers.send(ctx, editor.create(caller, request, keyed));
  }

  public void get(Context ctx) {
    String playlistId = Ids.pathId(ctx, "playlist_id");
    PlaylistReader.Read read = reader.read(playlistId, BearerAuth.principal(ctx).userId(), ctx.header("If-None-Match"));
    Answers.etag(ctx, read.version());
    ctx.header("Cache-Control", "private, no-cache");
    if (read.notModified()) {
      ctx.status(304);
      return;
    }
    ctx.contentType("application/json").result(read.json());
  }

  public void update(Context ctx) {
    String playlistId = Ids.pathId(ctx, "playlist_id");
    PlaylistChanges changes = bodies.read(ctx, PlaylistChanges.class).validated();
    Playlist updated = editor.update(playlistId, BearerAuth.principal(ctx).userId(), changes,
        EntityTags.expectedVersion(ctx.header("If-Match"), changes.version()));
    Answers.etag(ctx, updated.version());
    ctx.json(updated);
  }

  public void delete(Context ctx) {
    String playlistId = Ids.pathId(ctx, "playlist_id");
    editor.delete(playlistId, BearerAuth.principal(ctx).userId(), EntityTags.expectedVersion(ctx.header("If-Match"), null));
    ctx.status(204);
  }

  public void mine(Context ctx) {
    int limit = QueryParams.intInRange(ctx, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
    String cursor = ctx.queryParam("cursor");
    ctx.json(reader.mine(BearerAuth.principal(ctx).userId(), limit,
        cursor == null || cursor.isEmpty() ? Optional.empty() : Optional.of(ListCursor.decode(cursor))));
  }
}
