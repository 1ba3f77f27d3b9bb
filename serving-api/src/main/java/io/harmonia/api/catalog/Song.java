package io.harmonia.api.catalog;

import java.util.List;

/**
 * A song with what browsing and playback need: display metadata and its encoded renditions.
 * This is the value cached in Redis under {@code song:{id}} (as JSON).
 */
public record Song(
    String songId,
    String title,
    String artistId,
    String artistName,
    String albumId,
    String albumTitle,
    String albumArtUrl,
    Integer trackNumber,
    String genre,
    Integer releaseYear,
    int durationMs,
    List<Rendition> renditions) {

  /** One encoded file of the song: its bitrate (kbps), object-store key and encoded duration. */
  public record Rendition(int bitrate, String objectKey, int durationMs) {}
}
