package io.harmonia.pipelines.ingest.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A catalog manifest: {@code catalog.json} ({@code artists}, {@code albums}, {@code songs}) in a
 * directory that also holds the masters the songs refer to by relative path. The format is
 * documented in {@code pipelines/README.md}.
 *
 * <p>Reading checks only the shape of the whole file (a JSON object with those three arrays); each
 * song becomes a {@link ManifestEntry} that {@link EntryValidator} judges on its own, so that one
 * bad entry fails alone.
 */
public final class CatalogManifest {

  /** The manifest's file name inside a catalog directory. */
  public static final String FILE_NAME = "catalog.json";
  /** The value of the optional {@code format} field. */
  public static final String FORMAT = "harmonia-catalog/1";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final JsonNode artists;
  private final JsonNode albums;
  private final JsonNode songs;

  private CatalogManifest(Path file, JsonNode artists, JsonNode albums, JsonNode songs) {
    this.file = file;
    this.artists = artists;
    this.albums = albums;
    this.songs = songs;
  }

  /**
   * Reads a manifest: a catalog directory (holding {@code catalog.json}) or the JSON file itself.
   *
   * @throws ManifestException when the file is missing, is not JSON, or lacks the three arrays
   */
  public static CatalogManifest read(Path catalog) {
    Path file = Files.isDirectory(catalog) ? catalog.resolve(FILE_NAME) : catalog;
    if (!Files.isRegularFile(file)) {
      throw new ManifestException("no catalog manifest at " + file
          + " (expected a directory holding " + FILE_NAME + ", or the manifest file itself)");
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new ManifestException(file + " is not valid JSON: " + e.getOriginalMessage()
          + " (line " + e.getLocation().getLineNr() + ")");
    } catch (IOException e) {
      throw new ManifestException("cannot read " + file + ": " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new ManifestException(file + " must hold a JSON object with artists, albums and songs");
    }
    JsonNode format = root.get("format");
    if (format != null && !FORMAT.equals(format.asText())) {
      throw new ManifestException(file + ": unsupported format " + format + " (this ingest reads " + FORMAT + ")");
    }
    return new CatalogManifest(file.toAbsolutePath().normalize(),
        array(root, "artists", file), array(root, "albums", file), array(root, "songs", file));
  }

  private static JsonNode array(JsonNode root, String name, Path file) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      return JSON.createArrayNode();
    }
    if (!node.isArray()) {
      throw new ManifestException(file + ": '" + name + "' must be an array");
    }
    return node;
  }

  public Path file() {
    return file;
  }

  public Path directory() {
    return file.getParent();
  }

  public int songCount() {
    return songs.size();
  }

  /** One entry per song, in manifest order, each carrying the artist and album it refers to. */
  public List<ManifestEntry> entries() {
    Map<String, List<JsonNode>> artistsById = byId(artists, "artist_id");
    Map<String, List<JsonNode>> albumsById = byId(albums, "album_id");
    Map<String, List<JsonNode>> songsById = byId(songs, "song_id");

    List<ManifestEntry> entries = new ArrayList<>(songs.size());
    for (int i = 0; i < songs.size(); i++) {
      JsonNode song = songs.get(i);
      List<String> problems = new ArrayList<>();
      String songId = text(song, "song_id");
      if (songId != null && songsById.get(songId).size() > 1) {
        problems.add("song_id " + songId + " appears " + songsById.get(songId).size() + " times in the manifest");
      }
      JsonNode artist = lookup(artistsById, text(song, "artist_id"), "artist", problems);
      JsonNode album = lookup(albumsById, text(song, "album_id"), "album", problems);
      JsonNode albumArtist = album == null ? null : lookup(artistsById, text(album, "artist_id"), "artist", problems);
      entries.add(new ManifestEntry(i, song.toString(), json(artist), json(album), json(albumArtist),
          problems, directory().toString()));
    }
    return entries;
  }

  private static JsonNode lookup(Map<String, List<JsonNode>> byId, String id, String kind, List<String> problems) {
    if (id == null || !byId.containsKey(id)) {
      return null;
    }
    List<JsonNode> found = byId.get(id);
    if (found.size() > 1) {
      problems.add(kind + " " + id + " is defined " + found.size() + " times in the manifest");
    }
    return found.get(0);
  }

  private static Map<String, List<JsonNode>> byId(JsonNode array, String idField) {
    Map<String, List<JsonNode>> byId = new HashMap<>();
    for (JsonNode item : array) {
      String id = text(item, idField);
      if (id != null) {
        byId.computeIfAbsent(id, k -> new ArrayList<>()).add(item);
      }
    }
    return byId;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isTextual() ? value.asText() : null;
  }

  private static String json(JsonNode node) {
    return node == null ? null : node.toString();
  }

  /** The manifest as a whole cannot be read: nothing is ingested. */
  public static final class ManifestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ManifestException(String message) {
      super(message);
    }
  }
}
