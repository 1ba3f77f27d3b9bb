package io.harmonia.pipelines.ingest;

import io.harmonia.pipelines.ingest.objectstore.RenditionKeys;
import java.io.Serializable;

/**
 * A valid song whose master was found and hashed: the hash names the master (and versions its
 * renditions), so the catalog can tell a known master from a new one before anything is decoded.
 */
public record HashedSong(CatalogSong song, String masterSha256) implements Serializable {

  public String songId() {
    return song.songId();
  }

  public String objectKey(int bitrate) {
    return RenditionKeys.key(song.songId(), bitrate, masterSha256);
  }
}
