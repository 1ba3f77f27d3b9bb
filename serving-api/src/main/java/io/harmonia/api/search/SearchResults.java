package io.harmonia.api.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The bodies of the search endpoints (snake_case on the wire, like every API body). */
public final class SearchResults {

  private SearchResults() {}

  public record ArtistRef(String artistId, String name) {}

  public record AlbumRef(String albumId, String title) {}

  public record SongHit(String songId, String title, ArtistRef artist, AlbumRef album, Integer durationMs,
      long playCount) {}

  public record ArtistHit(String artistId, String name, long playCount) {}

  public record AlbumHit(String albumId, String title, ArtistRef artist, Integer releaseYear, long playCount) {}

  /**
   * {@code GET /api/v1/search}: one list per type (empty for a type not asked for), best first.
   * {@code degraded} is true when Elasticsearch could not answer and PostgreSQL did.
   */
  public record Results(String query, boolean degraded, List<SongHit> songs, List<ArtistHit> artists,
      List<AlbumHit> albums) {

    public static Results empty(String query) {
      return new Results(query, false, List.of(), List.of(), List.of());
    }

    Results asDegraded() {
      return new Results(query, true, songs, artists, albums);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Suggestion(String text, String type, String id, String artist) {}

  /** {@code GET /api/v1/search/suggest}: completions of what the user is typing, best first. */
  public record Suggestions(String query, boolean degraded, List<Suggestion> suggestions) {}
}
