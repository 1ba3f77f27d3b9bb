package io.harmonia.api.catalog;

import io.harmonia.api.http.ApiProblem;
import io.harmonia.api.http.Ids;
import io.javalin.http.Context;

/** {@code GET /api/v1/albums/{album_id}}: the album and its track list in track order. */
public final class AlbumHandler {

  private final CatalogRepository catalog;

  public AlbumHandler(CatalogRepository catalog) {
    this.catalog = catalog;
  }

  public void get(Context ctx) {
    String albumId = Ids.pathId(ctx, "album_id");
    ctx.json(catalog.findAlbum(albumId).orElseThrow(() -> ApiProblem.notFound("album", albumId)));
  }
}
