package io.harmonia.system.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.system.ModuleProcess;
import io.harmonia.system.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

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
  private static final Duration MASTER_LENGTH = Duration.ofSeconds(3);
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
    generateMaster(dir.resolve(master), 220 + 55 * songs.size());
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
    ModuleProcess ingest = ModuleProcess.start(platform, "ingest", "pipelines",
        List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx1g"), "io.harmonia.pipelines.ingest.CatalogIngest",
        List.of(dir.toString(), "--progressIntervalSeconds=0"), Map.of());
    int exit = ingest.awaitExit(INGEST_TIMEOUT);
    if (exit != 0) {
      throw new IllegalStateException(ingest + " ended with exit code " + exit + ":\n" + ingest.tail());
    }
  }

  private static void generateMaster(Path file, int frequencyHz) {
    List<String> command = List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
        "sine=frequency=" + frequencyHz + ":sample_rate=44100:duration=" + MASTER_LENGTH.toSeconds(), "-ac", "2",
        file.toString());
    try {
      Process ffmpeg = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(ffmpeg.getInputStream().readAllBytes());
      if (!ffmpeg.waitFor(60, TimeUnit.SECONDS) || ffmpeg.exitValue() != 0) {
        throw new IllegalStateException("ffmpeg could not generate " + file + ": " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run ffmpeg (Debian package ffmpeg) to generate " + file, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
