package io.harmonia.api.playback;

import io.harmonia.api.catalog.Song;
import io.harmonia.api.http.ApiProblem;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The client's {@code X-Network-Quality} and the bitrate it asks for: low 128, medium 256,
 * high (or no header) 320 kbps.
 */
public enum NetworkQuality {
  LOW(128),
  MEDIUM(256),
  HIGH(320);

  public static final String HEADER = "X-Network-Quality";

  private final int bitrate;

  NetworkQuality(int bitrate) {
    this.bitrate = bitrate;
  }

  public int bitrate() {
    return bitrate;
  }

  public static NetworkQuality fromHeader(String value) {
    if (value == null || value.isBlank()) {
      return HIGH;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "low" -> LOW;
      case "medium" -> MEDIUM;
      case "high" -> HIGH;
      default -> throw ApiProblem.badRequest(HEADER + " must be low, medium or high");
    };
  }

  /** This quality, lowered to the highest one at or below a tier's bitrate cap. */
  public NetworkQuality capped(int maxBitrate) {
    NetworkQuality capped = LOW;
    for (NetworkQuality q : values()) {
      if (q.bitrate <= maxBitrate && q.bitrate <= bitrate) {
        capped = q;
      }
    }
    return capped;
  }

  /**
   * The rendition to stream: the best one at or below the wanted bitrate, so a slow network never
   * gets more than it asked for; when the song has none that low, the lowest one above it.
   */
  public Optional<Song.Rendition> choose(List<Song.Rendition> available) {
    Optional<Song.Rendition> atOrBelow = available.stream()
        .filter(r -> r.bitrate() <= bitrate)
        .max(Comparator.comparingInt(Song.Rendition::bitrate));
    return atOrBelow.or(() -> available.stream().min(Comparator.comparingInt(Song.Rendition::bitrate)));
  }
}
