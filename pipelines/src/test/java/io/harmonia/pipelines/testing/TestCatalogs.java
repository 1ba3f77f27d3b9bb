package io.harmonia.pipelines.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;

/**
 * Small catalogs in the manifest format for tests, with ids unique to the test run (so tests never
 * depend on what earlier runs left in the stores, and can run twice).
 */
public final class TestCatalogs {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TestCatalogs() {}

  /** A prefix unique to this test run, usable in ids. */
  public static String uniquePrefix(String what) {
    return what + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * A catalog of one artist with an album, and songs {@code <p>-s1..s<good>} with generated masters
   * of about {@code seconds} s; plus, when asked, {@code <p>-corrupt} (random bytes for a master)
   * and {@code <p>-missing} (no master file).
   */
  public static Catalog write(Path dir, String prefix, int good, double seconds, boolean corrupt, boolean missing)
      throws IOException {
    Files.createDirectories(dir.resolve("masters"));
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "harmonia-catalog/1");
    root.putArray("artists").addObject().put("artist_id", prefix + "-a1").put("name", "Motörhead & Friends");
    root.putArray("albums").addObject().put("album_id", prefix + "-al1").put("artist_id", prefix + "-a1")
        .put("title", "Ace of Tests").put("release_year", 1980);
    ArrayNode songs = root.putArray("songs");
    for (int i = 1; i <= good; i++) {
      String id = prefix + "-s" + i;
      sineWav(dir.resolve("masters/" + id + ".wav"), Math.round(seconds * 1000) + 100L * i, 220.0 * i);
      song(songs, prefix, id, "Track " + i, i).put("master", "masters/" + id + ".wav");
    }
    if (corrupt) {
      byte[] noise = new byte[40_000];
      new Random(7).nextBytes(noise);
      Files.write(dir.resolve("masters/corrupt.wav"), noise);
      song(songs, prefix, prefix + "-corrupt", "Static", good + 1).put("master", "masters/corrupt.wav");
    }
    if (missing) {
      song(songs, prefix, prefix + "-missing", "Lost Tape", good + 2).put("master", "masters/not-there.wav");
    }
    Files.writeString(dir.resolve("catalog.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    return new Catalog(dir, prefix, root);
  }

  private static ObjectNode song(ArrayNode songs, String prefix, String id, String title, int track) {
    return songs.addObject().put("song_id", id).put("title", title).put("artist_id", prefix + "-a1")
        .put("album_id", prefix + "-al1").put("track_number", track).put("genre", "rock").put("release_year", 1980);
  }

  /** A catalog written by {@link #write}; {@link #save} rewrites its manifest after a test changed it. */
  public record Catalog(Path dir, String prefix, ObjectNode manifest) {
    public ObjectNode song(int index) {
      return (ObjectNode) manifest.get("songs").get(index);
    }

    public void save() throws IOException {
      Files.writeString(dir.resolve("catalog.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest));
    }
  }

  /** A 44.1 kHz stereo 16-bit WAV: a sine with a few overtones. */
  public static void sineWav(Path file, long millis, double hz) throws IOException {
    int rate = 44100;
    int frames = (int) (millis * rate / 1000);
    ByteBuffer out = ByteBuffer.allocate(44 + frames * 4).order(ByteOrder.LITTLE_ENDIAN);
    out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + frames * 4).put("WAVE".getBytes(StandardCharsets.US_ASCII));
    out.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 2)
        .putInt(rate).putInt(rate * 4).putShort((short) 4).putShort((short) 16);
    out.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(frames * 4);
    for (int i = 0; i < frames; i++) {
      double t = i / (double) rate;
      double s = 0.3 * Math.sin(2 * Math.PI * hz * t) + 0.1 * Math.sin(2 * Math.PI * 3 * hz * t);
      short v = (short) (s * 32767);
      out.putShort(v).putShort(v);
    }
    Files.createDirectories(file.getParent());
    Files.write(file, out.array());
  }
}
