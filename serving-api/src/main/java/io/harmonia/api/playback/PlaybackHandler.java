package io.harmonia.api.playback;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.harmonia.api.auth.BearerAuth;
import io.harmonia.api.auth.Principal;
import io.harmonia.api.catalog.Song;
import io.harmonia.api.catalog.SongCache;
import io.harmonia.api.http.ApiProblem;
import io.harmonia.api.http.Ids;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * {@code POST /api/v1/songs/{song_id}/play}: starts a playback. It answers with a signed edge URL
 * for the rendition the client's network quality asks for, capped by the listener's tier (which
 * the server owns: {@link TierCaps}), signed URLs for every rendition up to that cap (an
 * adaptive-bitrate client switches between them without asking again), and a {@code play_id}
 * ({@link PlayIds}) that the play event must carry to count for royalties. The API never touches
 * audio bytes.
 */
public final class PlaybackHandler {

  private final SongCache songs;
  private final StreamUrlSigner signer;
  private final PlayIds playIds;
  private final TierCaps caps;
  private final Clock clock;

  public PlaybackHandler(SongCache songs, StreamUrlSigner signer, PlayIds playIds, TierCaps caps, Clock clock) {
    this.songs = songs;
    this.signer = signer;
    this.playIds = playIds;
    this.caps = caps;
    this.clock = clock;
  }

  public record SongSummary(String songId, String title, String artist, String album, String albumArtUrl) {}

  public record RenditionUrl(int bitrate, String streamUrl) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PlayResponse(String streamUrl, int bitrate, int durationMs, Instant expiresAt, SongSummary song,
      String playId, int maxBitrate, List<RenditionUrl> renditions) {}

  public void play(Context ctx) {
    String songId = Ids.pathId(ctx, "song_id");
    NetworkQuality quality = NetworkQuality.fromHeader(ctx.header(NetworkQuality.HEADER));
    Principal listener = BearerAuth.principal(ctx);
    Song song = songs.get(songId).orElseThrow(() -> ApiProblem.notFound("song", songId));
    int cap = caps.maxBitrate(listener.subscription());
    List<Song.Rendition> allowed = caps.allowed(song.renditions(), cap);
    Song.Rendition rendition = quality.capped(cap).choose(allowed).orElseThrow(() -> ApiProblem.conflict(
        "song-not-playable", "Song not playable", "song '" + songId + "' has no encoded renditions yet"));
    StreamUrlSigner.SignedUrl signed = signer.sign(rendition.objectKey(), listener.userId());
    List<RenditionUrl> renditions = allowed.stream()
        .sorted(Comparator.comparingInt(Song.Rendition::bitrate))
        .map(r -> new RenditionUrl(r.bitrate(), r == rendition ? signed.url()
            : signer.sign(r.objectKey(), listener.userId(), signed.expiresAt()).url()))
        .toList();
    String playId = playIds.issue(listener.userId(), song.songId(), clock.instant(), song.durationMs());
    ctx.header("Cache-Control", "no-store");
    ctx.json(new PlayResponse(signed.url(), rendition.bitrate(), rendition.durationMs(), signed.expiresAt(),
        new SongSummary(song.songId(), song.title(), song.artistName(), song.albumTitle(), song.albumArtUrl()),
        playId, cap, renditions));
  }
}
