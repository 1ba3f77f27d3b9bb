package io.harmonia.system.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.system.IngestProcess;
import io.harmonia.system.Masters;
import io.harmonia.system.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * A catalog of a test's own that goes in through the real catalog ingest: short masters generated
 * with ffmpeg and a {@code harmonia-catalog/1} manifest in a directory under {@code target/}, run
 * through the ingest pipeline as a process, the way {@code bin/platform ingest} runs it
 * (DirectRunner: encode with ffmpeg, upload to the object store, write PostgreSQL rows and their
 * outbox rows). Every {@link #ingest()} sends the whole manifest again, as a catalog owner would:
 * the songs already in come out unchanged, the new ones are written.
 */
public final class IngestedCatalog {

  private static final ObjectMapper JSON = new ObjectMapper();
  // long enough for a paid play of 31 s: a play longer than its song (plus 5 s) is not paid
  private static final double MASTER_SECONDS = 30;
  private static final Duration INGEST_TIMEOUT = Duration.ofMinutes(5);

  private final Platform platform;
  private final Path dir;
  private final String idPrefix = "sys-" + UUID.randomUUID().toString().substring(0, 8);
  private final ArrayNode artists = JSON.createArrayNode();
  private final ArrayNode songs = JSON.createArrayNode();

  public IngestedCatalog(Platform platform) {
    this.platform = platform;
    this.dir = platform.root.resolve("system-tests/target/catalogs").resolve(idPrefix);
    try {
      Files.createDirectories(dir.resolve("masters"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new artist of the manifest; returns its id. */
  public String artist(String name) {
    String id = idPrefix + "-ar-" + artists.size();
    artists.addObject().put("artist_id", id).put("name", name);
    return id;
  }

  /** A new single of the artist, with a master of its own (a tone of its own pitch); returns its id. */
  public String song(String artistId, String title) {
    String id = idPrefix + "-so-" + songs.size();
    String master = "masters/" + id + ".wav";
    Masters.sine(dir.resolve(master), 220 + 55 * songs.size(), MASTER_SECONDS);
    songs.addObject().put("song_id", id).put("title", title).put("artist_id", artistId).put("genre", "rock")
        .put("release_year", 1980).put("master", master);
    return id;
  }

  /** Writes the manifest and runs the ingest pipeline on it to its end; fails unless every song is in (exit 0). */
  public void ingest() {
    ObjectNode manifest = JSON.createObjectNode().put("format", "harmonia-catalog/1");
    manifest.set("artists", artists);
    manifest.putArray("albums");
    manifest.set("songs", songs);
    try {
      JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("catalog.json").toFile(), manifest);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    IngestProcess.Run run = IngestProcess.run(platform, dir, dir.resolve("runs"), INGEST_TIMEOUT);
    if (run.exitStatus() != 0) {
      throw new IllegalStateException("ingest ended with exit code " + run.exitStatus() + ":\n" + run.log());
    }
  }
}
