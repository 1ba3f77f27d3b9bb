package io.harmonia.api.catalog;

import io.harmonia.api.http.ApiProblem;
import io.harmonia.api.http.Ids;
import io.javalin.http.Context;
import java.util.List;

/** {@code GET /api/v1/songs/{song_id}}: a song's metadata, served from the song cache. */
public final class SongHandler {

  private final SongCache songs;

  public SongHandler(SongCache songs) {
    this.songs = songs;
  }

  public record ArtistRef(String artistId, String name) {}

  public record AlbumRef(String albumId, String title) {}

  public record SongView(String songId, String title, ArtistRef artist, AlbumRef album, String albumArtUrl,
      Integer trackNumber, String genre, Integer releaseYear, int durationMs, List<Integer> bitrates) {

    static SongView of(Song s) {
      return new SongView(s.songId(), s.title(), new ArtistRef(s.artistId(), s.artistName()),
          s.albumId() == null ? null : new AlbumRef(s.albumId(), s.albumTitle()), s.albumArtUrl(),
          s.trackNumber(), s.genre(), s.releaseYear(), s.durationMs(),
          s.renditions().stream().map(Song.Rendition::bitrate).toList());
    }
  }

  public void get(Context ctx) {
    String songId = Ids.pathId(ctx, "song_id");
    Song song = songs.get(songId).orElseThrow(() -> ApiProblem.notFound("song", songId));
    ctx.json(SongView.of(song));
  }
}
