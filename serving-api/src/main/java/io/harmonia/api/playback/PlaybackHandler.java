package io.harmonia.api.playback;

import io.harmonia.api.auth.BearerAuth;
import io.harmonia.api.catalog.Song;
import io.harmonia.api.catalog.SongCache;
import io.harmonia.api.http.ApiProblem;
import io.harmonia.api.http.Ids;
import io.javalin.http.Context;
import java.time.Instant;

/**
 * {@code POST /api/v1/songs/{song_id}/play}: picks the rendition for the client's network quality
 * and answers with a signed edge URL for it. The API never touches audio bytes.
 */
public final class PlaybackHandler {

  private final SongCache songs;
  private final StreamUrlSigner signer;

  public PlaybackHandler(SongCache songs, StreamUrlSigner signer) {
    this.songs = songs;
    this.signer = signer;
  }

  public record SongSummary(String songId, String title, String artist, String album, String albumArtUrl) {}

  public record PlayResponse(String streamUrl, int bitrate, int durationMs, Instant expiresAt, SongSummary song) {}

  public void play(Context ctx) {
    String songId = Ids.pathId(ctx, "song_id");
    NetworkQuality quality = NetworkQuality.fromHeader(ctx.header(NetworkQuality.HEADER));
    Song song = songs.get(songId).orElseThrow(() -> ApiProblem.notFound("song", songId));
    Song.Rendition rendition = quality.choose(song.renditions()).orElseThrow(() -> ApiProblem.conflict(
        "song-not-playable", "Song not playable", "song '" + songId + "' has no encoded renditions yet"));
    StreamUrlSigner.SignedUrl signed = signer.sign(rendition.objectKey(), BearerAuth.principal(ctx).userId());
    ctx.json(new PlayResponse(signed.url(), rendition.bitrate(), rendition.durationMs(), signed.expiresAt(),
        new SongSummary(song.songId(), song.title(), song.artistName(), song.albumTitle(), song.albumArtUrl())));
  }
}
