package io.harmonia.pipelines.ingest;

import io.harmonia.pipelines.ingest.objectstore.RenditionKeys;
import java.io.Serializable;
import java.util.List;

/**
 * A valid song whose master was found and decoded.
 *
 * @param masterSha256 the master file's SHA-256 (lower-case hex): the version of its renditions
 * @param durationMs the master's decoded duration: the song's {@code duration_ms}
 * @param warnings things worth a look that do not stop the song
 */
public record ProbedSong(CatalogSong song, String masterSha256, long durationMs, List<String> warnings)
    implements Serializable {

  public ProbedSong {
    warnings = List.copyOf(warnings);
  }

  public String songId() {
    return song.songId();
  }

  public String objectKey(int bitrate) {
    return RenditionKeys.key(song.songId(), bitrate, masterSha256);
  }
}
