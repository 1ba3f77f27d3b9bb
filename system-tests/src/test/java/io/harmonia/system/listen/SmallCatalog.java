package io.harmonia.system.listen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.system.Masters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A catalog as a label would deliver one (pipelines/README.md, format {@code harmonia-catalog/1}): one
 * artist, one album, a few songs whose masters are sine tones of known lengths made by ffmpeg.
 */
record SmallCatalog(Path dir, String artist, String album, List<Song> songs) {

  record Song(String songId, String title, double seconds) {}

  /** Writes the masters and catalog.json under dir, with ids starting with prefix. */
  static SmallCatalog write(Path dir, String prefix, double... seconds) throws IOException {
    Files.createDirectories(dir.resolve("masters"));
    ObjectNode manifest = new ObjectMapper().createObjectNode().put("format", "harmonia-catalog/1");
    String artist = prefix + "-ar";
    String album = prefix + "-al";
    manifest.putArray("artists").addObject().put("artist_id", artist).put("name", "The Sine Waves");
    manifest.putArray("albums").addObject().put("album_id", album).put("artist_id", artist)
        .put("title", "Pure Tones").put("release_year", 2026);
    ArrayNode entries = manifest.putArray("songs");
    List<Song> songs = new java.util.ArrayList<>();
    for (int i = 0; i < seconds.length; i++) {
      Song song = new Song(prefix + "-s" + (i + 1), "Tone " + (i + 1), seconds[i]);
      String master = "masters/" + song.songId() + ".wav";
      Masters.sine(dir.resolve(master), 220 * (i + 2), seconds[i]);
      entries.addObject().put("song_id", song.songId()).put("title", song.title()).put("artist_id", artist)
          .put("album_id", album).put("track_number", i + 1).put("genre", "ambient").put("release_year", 2026)
          .put("master", master);
      songs.add(song);
    }
    Files.writeString(dir.resolve("catalog.json"), manifest.toPrettyString());
    return new SmallCatalog(dir, artist, album, List.copyOf(songs));
  }
}
