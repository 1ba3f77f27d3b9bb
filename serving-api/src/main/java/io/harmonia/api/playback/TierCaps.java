package io.harmonia.api.playback;

import io.harmonia.api.catalog.Song;
import java.util.Comparator;
import java.util.List;

/**
 * The highest bitrate each subscription tier streams: FREE {@code HARMONIA_API_FREE_MAX_BITRATE}
 * (128 kbps by default, the lowest rendition), PREMIUM 320. The tier is the token's, which the
 * server set; an unknown tier gets the FREE cap. A song encoded only above the cap still plays,
 * at its lowest rendition (a catalog gap must not lock FREE listeners out).
 */
public record TierCaps(int freeMaxBitrate) {

  public static final int PREMIUM_MAX_BITRATE = 320;

  public int maxBitrate(String subscription) {
    return "PREMIUM".equals(subscription) ? PREMIUM_MAX_BITRATE : freeMaxBitrate;
  }

  /** The renditions a listener with this cap may stream. */
  public List<Song.Rendition> allowed(List<Song.Rendition> renditions, int cap) {
    List<Song.Rendition> within = renditions.stream().filter(r -> r.bitrate() <= cap).toList();
    if (!within.isEmpty() || renditions.isEmpty()) {
      return within;
    }
    return List.of(renditions.stream().min(Comparator.comparingInt(Song.Rendition::bitrate)).orElseThrow());
  }
}
