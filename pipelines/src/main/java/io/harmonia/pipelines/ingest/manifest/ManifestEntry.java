package io.harmonia.pipelines.ingest.manifest;

import java.io.Serializable;
import java.util.List;

/**
 * One song of a catalog manifest together with the manifest entries it refers to, as written in
 * the manifest (JSON text, not yet validated): its artist, its album and the album's artist. Each
 * entry can be validated on its own, so a bad entry fails alone.
 *
 * @param index position of the song in the manifest's {@code songs} array (0-based)
 * @param songJson the song object
 * @param artistJson the artist the song's {@code artist_id} names, or null when there is none
 * @param albumJson the album the song's {@code album_id} names, or null when there is none
 * @param albumArtistJson the artist the album's {@code artist_id} names, or null
 * @param problems what is wrong with the entry already visible when reading the whole manifest
 *     (duplicate ids)
 * @param catalogDir the directory master paths are relative to
 */
public record ManifestEntry(
    int index,
    String songJson,
    String artistJson,
    String albumJson,
    String albumArtistJson,
    List<String> problems,
    String catalogDir) implements Serializable {

  public ManifestEntry {
    problems = List.copyOf(problems);
  }
}
