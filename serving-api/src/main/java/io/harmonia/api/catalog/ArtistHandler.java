package io.harmonia.api.catalog;

import io.harmonia.api.http.ApiProblem;
import io.harmonia.api.http.Ids;
import io.javalin.http.Context;

/** {@code GET /api/v1/artists/{artist_id}} and its discography, {@code .../albums}. */
public final class ArtistHandler {

  private final CatalogRepository catalog;

  public ArtistHandler(CatalogRepository catalog) {
    this.catalog = catalog;
  }

  public void get(Context ctx) {
    String artistId = Ids.pathId(ctx, "artist_id");
    ctx.json(catalog.findArtist(artistId).orElseThrow(() -> ApiProblem.notFound("artist", artistId)));
  }

  public void albums(Context ctx) {
    String artistId = Ids.pathId(ctx, "artist_id");
    ctx.json(catalog.findDiscography(artistId).orElseThrow(() -> ApiProblem.notFound("artist", artistId)));
  }
}
