package io.harmonia.pipelines.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.pipelines.ingest.CatalogSong;
import io.harmonia.pipelines.ingest.HashedSong;
import io.harmonia.pipelines.ingest.ProbedSong;
import io.harmonia.pipelines.ingest.catalog.CatalogRows.AlbumRow;
import io.harmonia.pipelines.ingest.catalog.CatalogRows.ArtistRow;
import io.harmonia.pipelines.ingest.catalog.CatalogRows.Desired;
import io.harmonia.pipelines.ingest.catalog.CatalogRows.SongRow;
import io.harmonia.pipelines.ingest.catalog.CatalogRows.Stored;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogRowsTest {

  private static final String SHA = "ab".repeat(32);
  private static final CatalogSong.Artist SONG_ARTIST = new CatalogSong.Artist("a2", "Freddie");
  private static final CatalogSong.Artist ALBUM_ARTIST = new CatalogSong.Artist("a1", "Queen");
  private static final ProbedSong PROBED = new ProbedSong(new CatalogSong(0, "s1", "Love of My Life", SONG_ARTIST,
      new CatalogSong.Album("al1", "A Night at the Opera", ALBUM_ARTIST, 1975), 9, "rock", 1975, null, "m.wav",
      "/c/m.wav"), SHA, 219_000, List.of());

  @Test
  void aSongStandsForItsArtistsSortedItsAlbumAndItsRow() {
    Desired desired = Desired.of(PROBED);

    assertThat(desired.artists().keySet()).containsExactly("a1", "a2");
    assertThat(desired.album()).isEqualTo(new AlbumRow("al1", "a1", "A Night at the Opera", 1975));
    assertThat(desired.song()).isEqualTo(new SongRow("s1", "Love of My Life", "a2", "al1", 9, "rock", 1975, 219_000, SHA));
  }

  @Test
  void storedRowsEqualToTheDesiredOnesNeedNoWrite() {
    Desired desired = Desired.of(PROBED);
    Stored same = new Stored(desired.song(), desired.artists(), desired.album(), Map.of());
    Stored renamed = new Stored(desired.song(), Map.of("a1", new ArtistRow("a1", "Queen"),
        "a2", new ArtistRow("a2", "Freddie Mercury")), desired.album(), Map.of());
    Stored newSong = new Stored(null, desired.artists(), desired.album(), Map.of());

    assertThat(CatalogRows.rowsUpToDate(desired, same)).isTrue();
    assertThat(CatalogRows.rowsUpToDate(desired, renamed)).isFalse();
    assertThat(CatalogRows.rowsUpToDate(desired, newSong)).isFalse();
  }

  @Test
  void aRenditionCountsOnlyUnderTheKeyOfThisMaster() {
    HashedSong hashed = new HashedSong(PROBED.song(), SHA);
    Stored stored = new Stored(null, Map.of(), null, Map.of(
        128, "songs/s1/128." + SHA.substring(0, 12) + ".mp3",
        256, "songs/s1/256.000000000000.mp3"));

    assertThat(CatalogRows.hasRendition(stored, hashed, 128)).isTrue();
    assertThat(CatalogRows.hasRendition(stored, hashed, 256)).isFalse(); // an older master's
    assertThat(CatalogRows.hasRendition(stored, hashed, 320)).isFalse();
  }

  @Test
  void theCatalogKnowsAMasterByItsHash() {
    HashedSong hashed = new HashedSong(PROBED.song(), SHA);
    SongRow row = Desired.of(PROBED).song();
    SongRow older = new SongRow("s1", "Love of My Life", "a2", "al1", 9, "rock", 1975, 219_000, "cd".repeat(32));

    assertThat(CatalogRows.knowsMaster(new Stored(row, Map.of(), null, Map.of()), hashed)).isTrue();
    assertThat(CatalogRows.knowsMaster(new Stored(older, Map.of(), null, Map.of()), hashed)).isFalse();
    assertThat(CatalogRows.knowsMaster(new Stored(null, Map.of(), null, Map.of()), hashed)).isFalse();
  }
}
