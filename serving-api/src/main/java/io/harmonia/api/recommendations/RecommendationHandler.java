package io.harmonia.api.recommendations;

import io.harmonia.api.auth.BearerAuth;
import io.harmonia.api.catalog.CatalogRepository;
import io.harmonia.api.catalog.Song;
import io.harmonia.api.catalog.SongCache;
import io.harmonia.api.http.ApiProblem;
import io.harmonia.api.http.ProblemMapper;
import io.harmonia.api.http.QueryParams;
import io.harmonia.api.recommendations.RecommendationStore.Document;
import io.harmonia.api.recommendations.RecommendationStore.Found;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@code GET /api/v1/recommendations/discover-weekly} and {@code …/daily-mix}: the caller's
 * playlists as the ALS job published them, with the songs' display metadata (one batch from the
 * song cache). A caller the current run has nothing for (no history, new since the run, or a Daily
 * Mix older than its 24 hours) gets the run's popular list, {@code "kind": "popular"} and
 * {@code "fallback": true}; before any run (or after a week without one) the catalog's most played
 * songs, labelled the same way. While Redis is unreachable: 503 {@code recommendations-unavailable}.
 */
public final class RecommendationHandler {

  static final String POPULAR_NAME = "Popular on Harmonia";
  static final int DEFAULT_LIMIT = 30;
  static final int MAX_LIMIT = 100;
  private static final int RETRY_AFTER_SECONDS = 5;

  private final RecommendationStore store;
  private final SongCache songs;
  private final CatalogRepository catalog;
  private final Clock clock;

  public RecommendationHandler(RecommendationStore store, SongCache songs, CatalogRepository catalog, Clock clock) {
    this.store = store;
    this.songs = songs;
    this.catalog = catalog;
    this.clock = clock;
  }

  public record SongEntry(String songId, String title, String artistId, String artist, String albumId, String album,
      String albumArtUrl, int durationMs) {}

  public record Playlist(String playlistName, String kind, List<SongEntry> songs, Instant generatedAt,
      boolean fallback) {}

  public record Mix(int mix, String playlistName, String kind, String theme, List<SongEntry> songs,
      Instant generatedAt) {}

  public record DailyMixes(List<Mix> mixes, Instant generatedAt, boolean fallback) {}

  public void discoverWeekly(Context ctx) {
    int limit = QueryParams.intInRange(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    Found found = read(ctx, store::discoverWeekly);
    if (found == null) {
      return;
    }
    Document document = found.personal().isEmpty() ? popular(found, limit) : found.personal().get(0);
    List<SongEntry> entries = withMetadata(List.of(document), limit).get(0);
    ctx.json(new Playlist(document.playlistName(), document.kind(), entries, document.generatedAt(),
        document.fallback()));
  }

  public void dailyMix(Context ctx) {
    int limit = QueryParams.intInRange(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    Found found = read(ctx, store::dailyMixes);
    if (found == null) {
      return;
    }
    List<Document> documents = found.personal().isEmpty() ? List.of(popular(found, limit)) : found.personal();
    List<List<SongEntry>> entries = withMetadata(documents, limit);
    List<Mix> mixes = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      Document d = documents.get(i);
      mixes.add(new Mix(d.mix() == null ? i + 1 : d.mix(), d.playlistName(), d.kind(), d.theme(), entries.get(i),
          d.generatedAt()));
    }
    Document first = documents.get(0);
    ctx.json(new DailyMixes(mixes, first.generatedAt(), first.fallback()));
  }

  /** The store's answer, or null after answering 503 because Redis did not answer. */
  private Found read(Context ctx, Function<String, Found> read) {
    try {
      return read.apply(BearerAuth.principal(ctx).userId());
    } catch (JedisException e) {
      ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
      ProblemMapper.respond(ctx, new ApiProblem(503, "recommendations-unavailable", "Service unavailable",
          "recommendations are unavailable: Redis is not reachable (" + e.getMessage() + ")"));
      return null;
    }
  }

  /** The run's popular list; without one, the catalog's most played songs (PostgreSQL's play counts). */
  private Document popular(Found found, int limit) {
    if (found.popular() != null) {
      return found.popular();
    }
    return new Document(POPULAR_NAME, "popular", null, null, catalog.mostPlayedSongIds(limit), clock.instant(), true);
  }

  /**
   * Each document's songs with their metadata, at most {@code limit} each, in the document's order;
   * songs no longer in the catalog are left out. One batch for all documents.
   */
  private List<List<SongEntry>> withMetadata(List<Document> documents, int limit) {
    Map<String, Song> known = songs.getAll(documents.stream().flatMap(d -> d.songIds().stream()).toList());
    return documents.stream().map(d -> d.songIds().stream().map(known::get).filter(Objects::nonNull).limit(limit)
        .map(s -> new SongEntry(s.songId(), s.title(), s.artistId(), s.artistName(), s.albumId(), s.albumTitle(),
            s.albumArtUrl(), s.durationMs()))
        .toList()).toList();
  }
}
