package io.harmonia.pipelines.democatalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.pipelines.ingest.audio.Ffmpeg;
import io.harmonia.pipelines.ingest.manifest.CatalogManifest;
import io.harmonia.pipelines.ingest.manifest.EntryValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCatalogGeneratorTest {

  @TempDir Path dir;

  private static DemoCatalogGenerator.Settings settings(Path out, int songs) {
    // short masters only, no speech: quick, and independent of whether espeak-ng is installed
    return new DemoCatalogGenerator.Settings(out, null, songs, 42, "demo", 1200, 2000, 0, false);
  }

  @Test
  void theSameSeedGivesTheSameCatalogAndTheSameMasterBytes() throws Exception {
    DemoCatalogGenerator.generate(settings(dir.resolve("a"), 10));
    DemoCatalogGenerator.generate(settings(dir.resolve("b"), 10));

    assertThat(Files.readString(dir.resolve("a/catalog.json"))).isEqualTo(Files.readString(dir.resolve("b/catalog.json")));
    for (String master : masters(dir.resolve("a"))) {
      assertThat(Ffmpeg.sha256(dir.resolve("a").resolve(master))).isEqualTo(Ffmpeg.sha256(dir.resolve("b").resolve(master)));
    }
    DemoCatalogGenerator.Result other = DemoCatalogGenerator.generate(settings(dir.resolve("c"), 10).withSeed(7));
    assertThat(Files.readString(other.catalogDir().resolve("catalog.json")))
        .isNotEqualTo(Files.readString(dir.resolve("a/catalog.json")));
  }

  @Test
  void everyEntryPassesIngestValidationAndEveryMasterExists() throws Exception {
    DemoCatalogGenerator.Result result = DemoCatalogGenerator.generate(settings(dir, 19));

    assertThat(result.songs()).isEqualTo(19);
    assertThat(result.artists()).isEqualTo(3); // 8 songs an artist
    assertThat(result.albums()).isEqualTo(6);
    CatalogManifest manifest = CatalogManifest.read(dir);
    EntryValidator validator = new EntryValidator();
    manifest.entries().forEach(e -> assertThat(validator.validate(e).problems()).isEmpty());
    for (String master : masters(dir)) {
      assertThat(dir.resolve(master)).isRegularFile();
    }
    JsonNode catalog = new ObjectMapper().readTree(dir.resolve("catalog.json").toFile());
    long singles = 0;
    Set<String> genres = new HashSet<>();
    for (JsonNode song : catalog.get("songs")) {
      singles += song.hasNonNull("album_id") ? 0 : 1;
      genres.add(song.get("genre").asText());
    }
    assertThat(singles).isEqualTo(2); // the eighth song of each full artist
    assertThat(DemoNames.GENRES).containsAll(genres);
  }

  @Test
  void theDemoCatalogHasADozenFullLengthSongsOnAlbumsAndTheRestShort() throws Exception {
    DemoCatalogGenerator.Plan plan = DemoCatalogGenerator.plan(DemoCatalogGenerator.Settings.defaults(dir));

    List<DemoCatalogGenerator.DemoSong> full = plan.songs().stream().filter(DemoCatalogGenerator.DemoSong::fullLength)
        .toList();
    assertThat(full).hasSize(12).allSatisfy(s -> assertThat(s.durationMs()).isBetween(180_000, 300_000));
    assertThat(full.stream().map(DemoCatalogGenerator.DemoSong::artistName).distinct()).hasSize(3);
    assertThat(full.stream().map(DemoCatalogGenerator.DemoSong::genre).distinct()).hasSize(3); // three albums, three genres
    assertThat(full.stream().map(DemoCatalogGenerator.DemoSong::durationMs).distinct()).hasSizeGreaterThan(6);
    assertThat(plan.songs()).filteredOn(s -> !s.fullLength()).hasSize(308)
        .allSatisfy(s -> assertThat(s.durationMs()).isBetween(6000, 12000));
    // the manifest says the same, the long songs are album tracks, and the first song (the tour's) is one
    JsonNode songs = plan.catalog().get("songs");
    for (JsonNode song : songs) {
      boolean isFull = full.stream().anyMatch(s -> s.id().equals(song.get("song_id").asText()));
      assertThat(song.get("duration_ms").asInt() >= 180_000).isEqualTo(isFull);
      if (isFull) {
        assertThat(song.hasNonNull("album_id")).isTrue();
      }
    }
    assertThat(full.get(0).id()).isEqualTo(songs.get(0).get("song_id").asText());
  }

  @Test
  void fullLengthSongsLeaveTheOtherSongsAsTheyWere() throws Exception {
    DemoCatalogGenerator.Plan with = DemoCatalogGenerator.plan(settings(dir, 40).withFullLengthSongs(12));
    DemoCatalogGenerator.Plan without = DemoCatalogGenerator.plan(settings(dir, 40));

    for (int i = 0; i < 40; i++) {
      DemoCatalogGenerator.DemoSong a = with.songs().get(i);
      DemoCatalogGenerator.DemoSong b = without.songs().get(i);
      assertThat(a.title()).isEqualTo(b.title());
      assertThat(a.seed()).isEqualTo(b.seed());
      if (!a.fullLength()) {
        assertThat(a.durationMs()).isEqualTo(b.durationMs());
      }
    }
    assertThat(without.songs()).noneMatch(DemoCatalogGenerator.DemoSong::fullLength);
  }

  @Test
  void aFullLengthMasterIsWrittenWithTheDurationTheManifestSays() throws Exception {
    DemoCatalogGenerator.Result result = DemoCatalogGenerator.generate(settings(dir, 8).withFullLengthSongs(1));

    assertThat(result.fullLengthSongs()).isEqualTo(1);
    JsonNode song = new ObjectMapper().readTree(dir.resolve("catalog.json").toFile()).get("songs").get(0);
    int durationMs = song.get("duration_ms").asInt();
    assertThat(durationMs).isBetween(180_000, 300_000);
    Path master = dir.resolve(song.get("master").asText());
    long decoded = new Ffmpeg("ffmpeg", 120).decodedDurationMicros(master);
    assertThat(decoded / 1000.0).isCloseTo(durationMs, org.assertj.core.data.Offset.offset(30.0));
    assertThat(result.audioMillis()).isGreaterThan(180_000);

    DemoCatalogGenerator.Result again = DemoCatalogGenerator.generate(settings(dir, 8).withFullLengthSongs(1));
    assertThat(again.mastersKept()).isEqualTo(8);
  }

  @Test
  void mastersAlreadyThereAreKept() throws Exception {
    DemoCatalogGenerator.generate(settings(dir, 4));
    DemoCatalogGenerator.Result again = DemoCatalogGenerator.generate(settings(dir, 6));

    assertThat(again.mastersKept()).isEqualTo(4);
    assertThat(again.mastersWritten()).isEqualTo(2);
  }

  @Test
  void artistNamesComeFromAHetrecFileWhenGivenAndAreInventedOtherwise() throws Exception {
    DemoCatalogGenerator.Result real = DemoCatalogGenerator.generate(
        settings(dir.resolve("real"), 24).withArtistsFile(HetrecArtistsTest.FIXTURE));
    DemoCatalogGenerator.Result invented = DemoCatalogGenerator.generate(settings(dir.resolve("invented"), 24));

    assertThat(real.artistNames()).contains("artists.dat");
    assertThat(artistNames(dir.resolve("real"))).hasSize(3)
        .allSatisfy(n -> assertThat(HetrecArtists.read(HetrecArtistsTest.FIXTURE)).contains(n));
    assertThat(invented.artistNames()).isEqualTo("invented names");
    assertThat(artistNames(dir.resolve("invented"))).hasSize(3).doesNotHaveDuplicates();
  }

  @Test
  void optionsParseAndTheSharedDatasetIsFoundWhenPresent() {
    DemoCatalogGenerator.Settings parsed = DemoCatalogGenerator.parse(new String[] {
        "--out", dir.toString(), "--songs", "12", "--full-length", "3", "--seed", "5", "--id-prefix", "x", "--no-speech",
        "--artists", HetrecArtistsTest.FIXTURE.toString()});

    assertThat(parsed.out()).isEqualTo(dir);
    assertThat(parsed.songs()).isEqualTo(12);
    assertThat(parsed.fullLengthSongs()).isEqualTo(3);
    assertThat(DemoCatalogGenerator.parse(new String[] {"--out", dir.toString()}).fullLengthSongs()).isEqualTo(12);
    assertThat(parsed.seed()).isEqualTo(5);
    assertThat(parsed.idPrefix()).isEqualTo("x");
    assertThat(parsed.speech()).isFalse();
    assertThat(parsed.artistsFile()).isEqualTo(HetrecArtistsTest.FIXTURE);
  }

  @Test
  void speechIsMixedInWhenEspeakIsInstalled() throws Exception {
    var espeak = DemoCatalogGenerator.findOnPath("espeak-ng");
    org.junit.jupiter.api.Assumptions.assumeTrue(espeak.isPresent(), "espeak-ng not installed");

    float[] speech = DemoMasters.speak(espeak.get(), "Hello, by Someone");

    assertThat(speech).isNotNull();
    assertThat(speech.length).isGreaterThan(DemoMasters.SAMPLE_RATE / 2); // half a second or more
  }

  private static List<String> masters(Path catalogDir) throws Exception {
    List<String> masters = new ArrayList<>();
    new ObjectMapper().readTree(catalogDir.resolve("catalog.json").toFile()).get("songs")
        .forEach(s -> masters.add(s.get("master").asText()));
    return masters;
  }

  private static List<String> artistNames(Path catalogDir) throws Exception {
    List<String> names = new ArrayList<>();
    new ObjectMapper().readTree(catalogDir.resolve("catalog.json").toFile()).get("artists")
        .forEach(a -> names.add(a.get("name").asText()));
    return names;
  }
}
