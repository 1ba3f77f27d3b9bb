package io.harmonia.pipelines.ingest.catalog;

import io.harmonia.pipelines.ingest.CatalogSong;
import io.harmonia.pipelines.ingest.HashedSong;
import io.harmonia.pipelines.ingest.ProbedSong;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The catalog rows one manifest song stands for (its artists, album and song), and the rows the
 * database holds for them: comparing the two tells an unchanged song from one that needs a write.
 */
public final class CatalogRows {

  private CatalogRows() {}

  public record ArtistRow(String artistId, String name) {}

  public record AlbumRow(String albumId, String artistId, String title, Integer releaseYear) {}

  public record SongRow(String songId, String title, String artistId, String albumId, Integer trackNumber,
      String genre, Integer releaseYear, Integer durationMs, String masterSha256) {}

  /**
   * What the manifest wants for one song.
   *
   * @param artists the song's artist and its album's artist, by id (sorted: rows are locked in
   *     this order, so that two songs' transactions never wait on each other in a cycle)
   * @param album null for a single
   */
  public record Desired(Map<String, ArtistRow> artists, AlbumRow album, SongRow song) {

    public static Desired of(ProbedSong probed) {
      CatalogSong song = probed.song();
      Map<String, ArtistRow> artists = new TreeMap<>();
      artists.put(song.artist().artistId(), new ArtistRow(song.artist().artistId(), song.artist().name()));
      AlbumRow album = null;
      if (song.album() != null) {
        CatalogSong.Album a = song.album();
        artists.put(a.artist().artistId(), new ArtistRow(a.artist().artistId(), a.artist().name()));
        album = new AlbumRow(a.albumId(), a.artist().artistId(), a.title(), a.releaseYear());
      }
      SongRow row = new SongRow(song.songId(), song.title(), song.artist().artistId(),
          album == null ? null : album.albumId(), song.trackNumber(), song.genre(), song.releaseYear(),
          Math.toIntExact(probed.durationMs()), probed.masterSha256());
      return new Desired(artists, album, row);
    }
  }

  /**
   * What the database holds for the same ids.
   *
   * @param song null when the song is new
   * @param artists the stored artists among the desired ones
   * @param album null when there is none (new album, or the song is a single)
   * @param fileKeys object key per bitrate in {@code song_files}
   */
  public record Stored(SongRow song, Map<String, ArtistRow> artists, AlbumRow album, Map<Integer, String> fileKeys) {}

  /** The catalog already lists this master's rendition at the bitrate. */
  public static boolean hasRendition(Stored stored, HashedSong song, int bitrate) {
    return Objects.equals(stored.fileKeys().get(bitrate), song.objectKey(bitrate));
  }

  /** The catalog's song was encoded from this very master. */
  public static boolean knowsMaster(Stored stored, HashedSong song) {
    return stored.song() != null && song.masterSha256().equals(stored.song().masterSha256())
        && stored.song().durationMs() != null;
  }

  /** Every row equals what the manifest wants (renditions aside). */
  public static boolean rowsUpToDate(Desired desired, Stored stored) {
    return desired.song().equals(stored.song())
        && desired.artists().equals(stored.artists())
        && Objects.equals(desired.album(), stored.album());
  }
}
