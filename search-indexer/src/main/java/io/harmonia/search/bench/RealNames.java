package io.harmonia.search.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Real artist and song names from the shared research data sets ({@code ../shared/datasets}):
 * the Last.fm HetRec 2011 artists with their total plays, and the Million Song Dataset track
 * sample. The MSD file is not all valid UTF-8: a line that does not decode as UTF-8 is read as
 * Windows-1252 (what such files usually are) rather than dropped or crashing the reader.
 */
public final class RealNames {

  public record Artist(String id, String name, long plays) {}

  public record Track(String id, String artist, String title) {}

  /** What was read, and how many lines needed the fallback decoding or were malformed. */
  public record Tracks(List<Track> tracks, int recodedLines, int malformedLines) {}

  private RealNames() {}

  /** The shared datasets folder: {@code HARMONIA_DATASETS_DIR}, else {@code ../shared/datasets} of the checkout. */
  public static Path datasets(Path checkout) {
    String dir = System.getenv("HARMONIA_DATASETS_DIR");
    return dir != null && !dir.isBlank() ? Path.of(dir) : checkout.resolve("../shared/datasets").normalize();
  }

  public static List<Artist> lastfmArtists(Path datasets) throws IOException {
    Path dir = datasets.resolve("lastfm-hetrec2011");
    Map<String, Long> plays = new HashMap<>();
    List<String> weights = Files.readAllLines(dir.resolve("user_artists.dat"), StandardCharsets.UTF_8);
    for (String line : weights.subList(1, weights.size())) {
      String[] f = line.strip().split("\t");
      if (f.length == 3) {
        plays.merge(f[1], Long.parseLong(f[2]), Long::sum);
      }
    }
    List<Artist> artists = new ArrayList<>();
    List<String> lines = Files.readAllLines(dir.resolve("artists.dat"), StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t");
      if (f.length >= 2 && !f[1].isBlank()) {
        artists.add(new Artist(f[0].strip(), f[1].strip(), plays.getOrDefault(f[0].strip(), 0L)));
      }
    }
    return artists;
  }

  public static Tracks msdTracks(Path datasets) throws IOException {
    byte[] bytes = Files.readAllBytes(datasets.resolve("msd-tracks-sample/unique_tracks.txt"));
    List<Track> tracks = new ArrayList<>();
    int recoded = 0;
    int malformed = 0;
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        if (i > start) {
          String line;
          try {
            line = strictUtf8(bytes, start, i - start);
          } catch (CharacterCodingException e) {
            line = new String(bytes, start, i - start, java.nio.charset.Charset.forName("windows-1252"));
            recoded++;
          }
          String[] f = line.strip().split("<SEP>", -1);
          if (f.length == 4 && !f[3].isBlank() && !f[2].isBlank()) {
            tracks.add(new Track(f[1], f[2].strip(), f[3].strip()));
          } else {
            malformed++;
          }
        }
        start = i + 1;
      }
    }
    return new Tracks(tracks, recoded, malformed);
  }

  private static String strictUtf8(byte[] bytes, int offset, int length) throws CharacterCodingException {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes, offset, length)).toString();
  }
}
