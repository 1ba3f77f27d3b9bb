package io.harmonia.pipelines.ingest.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.pipelines.ingest.CatalogSong;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryValidatorTest {

  private static final String ARTIST = "{\"artist_id\": \"a1\", \"name\": \"Sigur Rós\"}";
  private static final String ALBUM = "{\"album_id\": \"al1\", \"artist_id\": \"a1\", \"title\": \"Takk...\", \"release_year\": 2005}";
  private static final String SONG = "{\"song_id\": \"s-1\", \"title\": \"Glósóli\", \"artist_id\": \"a1\", \"album_id\": \"al1\","
      + " \"track_number\": 2, \"genre\": \"post-rock\", \"release_year\": 2005, \"duration_ms\": 372000,"
      + " \"master\": \"masters/glosoli.flac\"}";

  // "now" is 2026: release years up to 2027 pass
  private final EntryValidator validator = new EntryValidator(Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC));

  private static ManifestEntry entry(String song, String artist, String album, String albumArtist) {
    return new ManifestEntry(4, song, artist, album, albumArtist, List.of(), "/catalogs/c1");
  }

  private List<String> problemsOf(String song) {
    return validator.validate(entry(song, ARTIST, ALBUM, ARTIST)).problems();
  }

  @Test
  void aCompleteEntryBecomesACatalogSong() {
    EntryValidator.Result result = validator.validate(entry(SONG, ARTIST, ALBUM, ARTIST));

    assertThat(result.problems()).isEmpty();
    CatalogSong song = result.song();
    assertThat(song.entry()).isEqualTo(4);
    assertThat(song.songId()).isEqualTo("s-1");
    assertThat(song.title()).isEqualTo("Glósóli");
    assertThat(song.artist()).isEqualTo(new CatalogSong.Artist("a1", "Sigur Rós"));
    assertThat(song.album()).isEqualTo(new CatalogSong.Album("al1", "Takk...", new CatalogSong.Artist("a1", "Sigur Rós"), 2005));
    assertThat(song.trackNumber()).isEqualTo(2);
    assertThat(song.genre()).isEqualTo("post-rock");
    assertThat(song.releaseYear()).isEqualTo(2005);
    assertThat(song.declaredDurationMs()).isEqualTo(372000);
    assertThat(song.master()).isEqualTo("masters/glosoli.flac");
    assertThat(song.masterPath()).isEqualTo("/catalogs/c1/masters/glosoli.flac");
  }

  @Test
  void aSingleNeedsNoAlbumAndOptionalFieldsMayBeAbsent() {
    String single = "{\"song_id\": \"s2\", \"title\": \"Hoppípolla\", \"artist_id\": \"a1\", \"genre\": \"post-rock\","
        + " \"release_year\": 2005, \"master\": \"h.wav\", \"album_id\": null}";

    CatalogSong song = validator.validate(entry(single, ARTIST, null, null)).song();

    assertThat(song.album()).isNull();
    assertThat(song.trackNumber()).isNull();
    assertThat(song.declaredDurationMs()).isNull();
  }

  @Test
  void missingFieldsAreEachNamed() {
    assertThat(problemsOf("{\"artist_id\": \"a1\"}")).containsExactly(
        "song: song_id is missing", "song: title is missing", "song: genre is missing",
        "song: release_year is missing", "song: master is missing");
  }

  @Test
  void badIdsAreRefused() {
    assertThat(problemsOf(SONG.replace("\"s-1\"", "\"s 1\""))).containsExactly(
        "song: song_id \"s 1\" is not a valid id (1-64 of A-Z a-z 0-9 _ -)");
    assertThat(problemsOf(SONG.replace("\"s-1\"", "\"" + "x".repeat(65) + "\""))).hasSize(1);
    assertThat(problemsOf(SONG.replace("\"s-1\"", "42"))).containsExactly(
        "song: song_id 42 is not a valid id (1-64 of A-Z a-z 0-9 _ -)");
  }

  @Test
  void unknownReferencesAreRefused() {
    EntryValidator.Result noArtist = validator.validate(entry(SONG, null, ALBUM, ARTIST));
    EntryValidator.Result noAlbum = validator.validate(entry(SONG, ARTIST, null, null));
    EntryValidator.Result noAlbumArtist = validator.validate(entry(SONG, ARTIST, ALBUM, null));

    assertThat(noArtist.problems()).containsExactly("artist_id a1 names no artist in the manifest's artists");
    assertThat(noAlbum.problems()).containsExactly("album_id al1 names no album in the manifest's albums");
    assertThat(noAlbumArtist.problems()).containsExactly("artist_id a1 names no artist in the manifest's artists");
    assertThat(noArtist.valid()).isFalse();
  }

  @Test
  void badYearsAreRefused() {
    assertThat(problemsOf(SONG.replace("\"release_year\": 2005", "\"release_year\": 1700")))
        .containsExactly("song: release_year 1700 is outside 1800..2027");
    assertThat(problemsOf(SONG.replace("\"release_year\": 2005", "\"release_year\": 2028")))
        .containsExactly("song: release_year 2028 is outside 1800..2027");
    assertThat(problemsOf(SONG.replace("\"release_year\": 2005", "\"release_year\": \"2005\"")))
        .containsExactly("song: release_year must be an integer, got \"2005\"");
    assertThat(problemsOf(SONG.replace("\"release_year\": 2005", "\"release_year\": 2005.5")))
        .containsExactly("song: release_year must be an integer, got 2005.5");
    String badAlbumYear = ALBUM.replace("2005", "99999999999");
    assertThat(validator.validate(entry(SONG, ARTIST, badAlbumYear, ARTIST)).problems())
        .containsExactly("album al1: release_year 99999999999 is outside 1800..2027");
  }

  @Test
  void textsMustBeNonBlankStringsOfBoundedLength() {
    assertThat(problemsOf(SONG.replace("\"Glósóli\"", "\"  \""))).containsExactly("song: title is blank");
    assertThat(problemsOf(SONG.replace("\"Glósóli\"", "7"))).containsExactly("song: title must be a string, got 7");
    assertThat(problemsOf(SONG.replace("\"Glósóli\"", "\"" + "é".repeat(501) + "\"")))
        .containsExactly("song: title is longer than 500 characters");
    assertThat(validator.validate(entry(SONG, "{\"artist_id\": \"a1\"}", ALBUM, ARTIST)).problems())
        .contains("artist a1: name is missing");
  }

  @Test
  void positiveIntegersStayPositive() {
    assertThat(problemsOf(SONG.replace("\"track_number\": 2", "\"track_number\": 0")))
        .containsExactly("song: track_number must be a positive integer, got 0");
    assertThat(problemsOf(SONG.replace("372000", "-5")))
        .containsExactly("song: duration_ms must be a positive integer, got -5");
  }

  @Test
  void theMasterMustStayInsideTheCatalogDirectory() {
    assertThat(problemsOf(SONG.replace("masters/glosoli.flac", "../../etc/passwd"))).containsExactly(
        "song: master '../../etc/passwd' must be a path relative to the catalog directory, inside it");
    assertThat(problemsOf(SONG.replace("masters/glosoli.flac", "/etc/passwd"))).hasSize(1);
    assertThat(problemsOf(SONG.replace("masters/glosoli.flac", "masters/../masters/ok.wav"))).isEmpty();
  }

  @Test
  void everyProblemIsReportedAtOnceWithTheManifestsOwn() {
    ManifestEntry entry = new ManifestEntry(0, "{\"song_id\": \"s1\", \"title\": \"\", \"artist_id\": \"a1\","
        + " \"genre\": \"pop\", \"release_year\": 3000, \"master\": \"x.wav\"}", ARTIST, null, null,
        List.of("song_id s1 appears 2 times in the manifest"), "/c");

    assertThat(validator.validate(entry).problems()).containsExactly(
        "song_id s1 appears 2 times in the manifest", "song: title is blank",
        "song: release_year 3000 is outside 1800..2027");
  }

  @Test
  void anEntryThatIsNotAnObjectFails() {
    assertThat(problemsOf("[1, 2]")).containsExactly("the song entry is not a JSON object");
  }
}
