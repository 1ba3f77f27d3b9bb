package io.harmonia.api.plays;

import io.harmonia.api.auth.BearerAuth;
import io.harmonia.api.catalog.Song;
import io.harmonia.api.catalog.SongCache;
import io.harmonia.api.http.QueryParams;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/v1/me/recently-played?limit=50&before=<cursor>}: the caller's plays, newest
 * first, each with the song's display metadata from the song cache. {@code next_cursor} is null on
 * the last page. Plays appear once the play-events pipeline has written them (about a second after
 * the 202).
 */
public final class RecentlyPlayedHandler {

  private final PlayHistory history;
  private final SongCache songs;
  private final PlaySettings settings;

  public RecentlyPlayedHandler(PlayHistory history, SongCache songs, PlaySettings settings) {
    this.history = history;
    this.songs = songs;
    this.settings = settings;
  }

  public record SongInfo(String title, String artist, String album) {}

  /** {@code qualified}: whether the play counts for royalties; {@code rule}: the rule it failed, else null. */
  public record Item(String eventId, String songId, Instant playedAt, int durationMs, int bitrate, SongInfo song,
      boolean qualified, String rule) {}

  public record Page(List<Item> items, String nextCursor) {}

  public void get(Context ctx) {
    int limit = QueryParams.intInRange(ctx, "limit", settings.defaultLimit(), 1, settings.maxLimit());
    String before = ctx.queryParam("before");
    PlayCursor cursor = before == null || before.isEmpty() ? null : PlayCursor.decode(before);
    // one more than asked tells whether a next page exists without a request that comes back empty
    List<PlayHistory.Play> plays = history.newest(BearerAuth.principal(ctx).userId(), cursor, limit + 1);
    boolean more = plays.size() > limit;
    List<PlayHistory.Play> page = more ? plays.subList(0, limit) : plays;
    Map<String, Optional<Song>> catalog = new HashMap<>();
    List<Item> items = page.stream().map(p -> new Item(p.eventId().toString(), p.songId(), p.playedAt(),
        p.durationMs(), p.bitrate(), info(catalog.computeIfAbsent(p.songId(), songs::get)), p.qualified(), p.rule()))
        .toList();
    ctx.json(new Page(items, more ? page.get(page.size() - 1).cursor().encode() : null));
  }

  private static SongInfo info(Optional<Song> song) {
    return song.map(s -> new SongInfo(s.title(), s.artistName(), s.albumTitle())).orElse(null);
  }
}
