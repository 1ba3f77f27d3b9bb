package io.harmonia.pipelines.ingest.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogManifestTest {

  @TempDir Path dir;

  @Test
  void readsADirectoryOrTheFileAndResolvesEachSongsReferences() throws IOException {
    Files.writeString(dir.resolve("catalog.json"), """
        {"artists": [{"artist_id": "a1", "name": "Björk"}, {"artist_id": "a2", "name": "Sugarcubes"}],
         "albums": [{"album_id": "al1", "artist_id": "a2", "title": "Life's Too Good", "release_year": 1988}],
         "songs": [{"song_id": "s1", "artist_id": "a1", "album_id": "al1"},
                   {"song_id": "s2", "artist_id": "a9"}]}
        """);

    CatalogManifest fromDir = CatalogManifest.read(dir);
    CatalogManifest fromFile = CatalogManifest.read(dir.resolve("catalog.json"));

    assertThat(fromDir.file()).isEqualTo(fromFile.file());
    assertThat(fromDir.directory()).isEqualTo(dir.toAbsolutePath());
    assertThat(fromDir.songCount()).isEqualTo(2);
    List<ManifestEntry> entries = fromDir.entries();
    assertThat(entries.get(0).artistJson()).contains("Björk");
    assertThat(entries.get(0).albumJson()).contains("Life's Too Good");
    assertThat(entries.get(0).albumArtistJson()).contains("Sugarcubes");
    assertThat(entries.get(1).index()).isEqualTo(1);
    assertThat(entries.get(1).artistJson()).isNull();
    assertThat(entries.get(1).albumJson()).isNull();
    assertThat(entries).allSatisfy(e -> assertThat(e.problems()).isEmpty());
  }

  @Test
  void duplicateIdsAreProblemsOfTheEntriesThatUseThem() throws IOException {
    Files.writeString(dir.resolve("catalog.json"), """
        {"artists": [{"artist_id": "a1", "name": "One"}, {"artist_id": "a1", "name": "Other"}],
         "albums": [],
         "songs": [{"song_id": "s1", "artist_id": "a1"}, {"song_id": "s1", "artist_id": "a1"}]}
        """);

    List<ManifestEntry> entries = CatalogManifest.read(dir).entries();

    assertThat(entries).allSatisfy(e -> assertThat(e.problems()).containsExactly(
        "song_id s1 appears 2 times in the manifest", "artist a1 is defined 2 times in the manifest"));
  }

  @Test
  void aMissingFileSaysWhereItLooked() {
    assertThatThrownBy(() -> CatalogManifest.read(dir))
        .isInstanceOf(CatalogManifest.ManifestException.class)
        .hasMessageContaining(dir.resolve("catalog.json").toString());
  }

  @Test
  void brokenJsonNamesTheLine() throws IOException {
    Files.writeString(dir.resolve("catalog.json"), "{\n\"songs\": [\n{\"song_id\": }\n]}");

    assertThatThrownBy(() -> CatalogManifest.read(dir))
        .isInstanceOf(CatalogManifest.ManifestException.class)
        .hasMessageContaining("is not valid JSON")
        .hasMessageContaining("line 3");
  }

  @Test
  void theThreeListsMustBeArraysAndTheFormatKnown() throws IOException {
    Files.writeString(dir.resolve("catalog.json"), "{\"songs\": {}}");
    assertThatThrownBy(() -> CatalogManifest.read(dir)).hasMessageContaining("'songs' must be an array");

    Files.writeString(dir.resolve("catalog.json"), "{\"format\": \"harmonia-catalog/9\", \"songs\": []}");
    assertThatThrownBy(() -> CatalogManifest.read(dir)).hasMessageContaining("unsupported format");

    Files.writeString(dir.resolve("catalog.json"), "[]");
    assertThatThrownBy(() -> CatalogManifest.read(dir)).hasMessageContaining("must hold a JSON object");
  }
}
