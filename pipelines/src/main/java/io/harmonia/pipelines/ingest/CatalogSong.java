package io.harmonia.pipelines.ingest;

import java.io.Serializable;
import java.util.Objects;

/**
 * A song from the manifest that passed validation, with the artist and album it belongs to.
 *
 * @param entry position in the manifest's {@code songs} array
 * @param album null for a single (no album)
 * @param trackNumber null when the manifest gives none
 * @param declaredDurationMs the manifest's {@code duration_ms}, or null; the stored duration is
 *     measured from the audio, this one is only compared with it
 * @param master the master's path as the manifest writes it (relative to the catalog directory)
 * @param masterPath the master's absolute path
 */
public record CatalogSong(
    int entry,
    String songId,
    String title,
    Artist artist,
    Album album,
    Integer trackNumber,
    String genre,
    int releaseYear,
    Integer declaredDurationMs,
    String master,
    String masterPath) implements Serializable {

  public CatalogSong {
    Objects.requireNonNull(songId);
    Objects.requireNonNull(title);
    Objects.requireNonNull(artist);
    Objects.requireNonNull(genre);
    Objects.requireNonNull(masterPath);
  }

  public record Artist(String artistId, String name) implements Serializable {}

  /** @param releaseYear null when the manifest gives none */
  public record Album(String albumId, String title, Artist artist, Integer releaseYear) implements Serializable {}
}
