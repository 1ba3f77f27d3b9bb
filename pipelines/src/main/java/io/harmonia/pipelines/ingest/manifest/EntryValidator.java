package io.harmonia.pipelines.ingest.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.pipelines.ingest.CatalogSong;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules a manifest entry must pass before anything is encoded or written. Every problem of an
 * entry is reported, not just the first, each as a sentence that names the field.
 *
 * <ul>
 *   <li>ids ({@code song_id}, {@code artist_id}, {@code album_id}): {@code ^[A-Za-z0-9_-]{1,64}$};
 *   <li>the song's artist, its album (optional) and the album's artist exist in the manifest and are
 *       valid themselves;
 *   <li>{@code title}, {@code name}: 1 to 500 characters; {@code genre}: 1 to 100;
 *   <li>{@code release_year}: required for songs, optional for albums, from 1800 to next year;
 *   <li>{@code track_number}, {@code duration_ms}: optional positive integers;
 *   <li>{@code master}: a relative path that stays inside the catalog directory (whether the file
 *       exists and decodes is checked when the master is probed).
 * </ul>
 */
public final class EntryValidator {

  public static final Pattern ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
  public static final int MIN_YEAR = 1800;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final int maxYear;

  /** Release years up to next year (announced releases) are accepted. */
  public EntryValidator(Clock clock) {
    this.maxYear = Year.now(clock).getValue() + 1;
  }

  public EntryValidator() {
    this(Clock.systemUTC());
  }

  /** A valid song, or the problems that keep the entry out. */
  public record Result(CatalogSong song, List<String> problems) {
    public boolean valid() {
      return song != null;
    }
  }

  public Result validate(ManifestEntry entry) {
    List<String> problems = new ArrayList<>(entry.problems());
    JsonNode song = parse(entry.songJson());
    if (song == null || !song.isObject()) {
      problems.add("the song entry is not a JSON object");
      return new Result(null, problems);
    }
    String songId = id(song, "song_id", "song", problems);
    String title = text(song, "title", 500, true, "song", problems);
    String genre = text(song, "genre", 100, true, "song", problems);
    Integer releaseYear = year(song, true, "song", problems);
    Integer trackNumber = positiveInt(song, "track_number", "song", problems);
    Integer declaredDuration = positiveInt(song, "duration_ms", "song", problems);
    String master = text(song, "master", 4096, true, "song", problems);
    String masterPath = master == null ? null : masterPath(entry.catalogDir(), master, problems);

    CatalogSong.Artist artist = null;
    String artistId = id(song, "artist_id", "song", problems);
    if (artistId != null) {
      artist = artist(entry.artistJson(), artistId, problems);
    }

    CatalogSong.Album album = null;
    if (song.hasNonNull("album_id")) {
      String albumId = id(song, "album_id", "song", problems);
      if (albumId != null) {
        album = album(entry, albumId, problems);
      }
    }

    if (!problems.isEmpty()) {
      return new Result(null, problems);
    }
    return new Result(new CatalogSong(entry.index(), songId, title, artist, album, trackNumber, genre,
        releaseYear, declaredDuration, master, masterPath), problems);
  }

  private CatalogSong.Artist artist(String json, String artistId, List<String> problems) {
    JsonNode artist = parse(json);
    if (artist == null) {
      problems.add("artist_id " + artistId + " names no artist in the manifest's artists");
      return null;
    }
    int before = problems.size();
    String name = text(artist, "name", 500, true, "artist " + artistId, problems);
    return problems.size() == before ? new CatalogSong.Artist(artistId, name) : null;
  }

  private CatalogSong.Album album(ManifestEntry entry, String albumId, List<String> problems) {
    JsonNode album = parse(entry.albumJson());
    if (album == null) {
      problems.add("album_id " + albumId + " names no album in the manifest's albums");
      return null;
    }
    int before = problems.size();
    String where = "album " + albumId;
    String title = text(album, "title", 500, true, where, problems);
    Integer releaseYear = year(album, false, where, problems);
    String artistId = id(album, "artist_id", where, problems);
    CatalogSong.Artist artist = artistId == null ? null : artist(entry.albumArtistJson(), artistId, problems);
    return problems.size() == before ? new CatalogSong.Album(albumId, title, artist, releaseYear) : null;
  }

  private static String id(JsonNode node, String field, String where, List<String> problems) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      problems.add(where + ": " + field + " is missing");
      return null;
    }
    if (!value.isTextual() || !ID.matcher(value.asText()).matches()) {
      problems.add(where + ": " + field + " " + value + " is not a valid id (1-64 of A-Z a-z 0-9 _ -)");
      return null;
    }
    return value.asText();
  }

  private static String text(JsonNode node, String field, int maxLength, boolean required, String where,
      List<String> problems) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        problems.add(where + ": " + field + " is missing");
      }
      return null;
    }
    if (!value.isTextual()) {
      problems.add(where + ": " + field + " must be a string, got " + value);
      return null;
    }
    String text = value.asText();
    if (text.isBlank()) {
      problems.add(where + ": " + field + " is blank");
      return null;
    }
    if (text.codePointCount(0, text.length()) > maxLength) {
      problems.add(where + ": " + field + " is longer than " + maxLength + " characters");
      return null;
    }
    return text;
  }

  private Integer year(JsonNode node, boolean required, String where, List<String> problems) {
    JsonNode value = node.get("release_year");
    if (value == null || value.isNull()) {
      if (required) {
        problems.add(where + ": release_year is missing");
      }
      return null;
    }
    if (!value.isIntegralNumber()) {
      problems.add(where + ": release_year must be an integer, got " + value);
      return null;
    }
    if (!value.canConvertToInt() || value.asInt() < MIN_YEAR || value.asInt() > maxYear) {
      problems.add(where + ": release_year " + value + " is outside " + MIN_YEAR + ".." + maxYear);
      return null;
    }
    return value.asInt();
  }

  private static Integer positiveInt(JsonNode node, String field, String where, List<String> problems) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() <= 0) {
      problems.add(where + ": " + field + " must be a positive integer, got " + value);
      return null;
    }
    return value.asInt();
  }

  /** The master's absolute path; it must not leave the catalog directory. */
  private static String masterPath(String catalogDir, String master, List<String> problems) {
    Path relative;
    try {
      relative = Path.of(master);
    } catch (RuntimeException e) {
      problems.add("song: master '" + master + "' is not a valid path");
      return null;
    }
    Path dir = Path.of(catalogDir).toAbsolutePath().normalize();
    Path resolved = dir.resolve(relative).normalize();
    if (relative.isAbsolute() || !resolved.startsWith(dir)) {
      problems.add("song: master '" + master + "' must be a path relative to the catalog directory, inside it");
      return null;
    }
    return resolved.toString();
  }

  private static JsonNode parse(String json) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
