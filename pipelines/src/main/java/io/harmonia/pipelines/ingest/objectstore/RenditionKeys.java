package io.harmonia.pipelines.ingest.objectstore;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Where renditions live in the media bucket: {@code songs/{song_id}/{bitrate}.{v}.mp3}, with
 * {@code v} the first 12 hex characters of the master's SHA-256. A key names one encoding of one
 * master forever: a new master gets new keys, so the CDN, which caches objects forever, never
 * serves stale bytes. Other modules (the API's playback URLs, the edge) rely on this layout.
 */
public final class RenditionKeys {

  /** The renditions every song has, in kbps. */
  public static final List<Integer> BITRATES = List.of(128, 256, 320);

  private static final Pattern SHA256_HEX = Pattern.compile("^[0-9a-f]{64}$");
  private static final int VERSION_LENGTH = 12;

  private RenditionKeys() {}

  public static String key(String songId, int bitrate, String masterSha256) {
    if (!BITRATES.contains(bitrate)) {
      throw new IllegalArgumentException("no rendition at " + bitrate + " kbps (renditions: " + BITRATES + ")");
    }
    return "songs/" + songId + "/" + bitrate + "." + version(masterSha256) + ".mp3";
  }

  /** The version part of a rendition key ({@code songs/s1/320.0123456789ab.mp3} → {@code 0123456789ab}). */
  public static String versionOf(String key) {
    String file = key.substring(key.lastIndexOf('/') + 1);
    String[] parts = file.split("\\.");
    if (parts.length != 3 || parts[1].length() != VERSION_LENGTH) {
      throw new IllegalArgumentException("not a rendition key: " + key);
    }
    return parts[1];
  }

  /** The key's version part: the first 12 hex characters of the master's SHA-256. */
  public static String version(String masterSha256) {
    if (masterSha256 == null || !SHA256_HEX.matcher(masterSha256).matches()) {
      throw new IllegalArgumentException("not a lower-case hex SHA-256: " + masterSha256);
    }
    return masterSha256.substring(0, VERSION_LENGTH);
  }
}
