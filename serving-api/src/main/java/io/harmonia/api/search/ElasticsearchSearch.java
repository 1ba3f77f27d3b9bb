package io.harmonia.api.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.MsearchRequest;
import co.elastic.clients.elasticsearch.core.MsearchResponse;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.msearch.MultiSearchResponseItem;
import co.elastic.clients.elasticsearch.core.search.CompletionSuggestOption;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.search.Suggestion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.api.search.SearchParams.EntityType;
import io.harmonia.api.search.SearchResults.AlbumHit;
import io.harmonia.api.search.SearchResults.AlbumRef;
import io.harmonia.api.search.SearchResults.ArtistHit;
import io.harmonia.api.search.SearchResults.ArtistRef;
import io.harmonia.api.search.SearchResults.Results;
import io.harmonia.api.search.SearchResults.SongHit;
import io.harmonia.search.documents.SearchDocuments;
import io.harmonia.search.query.SearchQueries;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Search and suggest against Elasticsearch, through the aliases, with the queries of
 * {@link SearchQueries}: one {@code _msearch} round trip for all the types asked for, one
 * completion request over the three indices for suggest.
 */
public final class ElasticsearchSearch {

  private static final List<String> ALIASES = List.of("songs", "artists", "albums");

  private final ElasticsearchClient es;

  public ElasticsearchSearch(ElasticsearchClient es) {
    this.es = es;
  }

  public Results search(SearchParams params) throws IOException {
    List<EntityType> types = List.copyOf(params.types());
    MsearchRequest request = MsearchRequest.of(m -> {
      for (EntityType type : types) {
        m.searches(s -> s.header(h -> h.index(SearchDocuments.alias(type.id())))
            .body(b -> b.query(SearchQueries.query(type.id(), params.text())).from(params.offset())
                .size(params.limit()).trackTotalHits(t -> t.enabled(false))));
      }
      return m;
    });
    MsearchResponse<ObjectNode> response = es.msearch(request, ObjectNode.class);
    List<SongHit> songs = new ArrayList<>();
    List<ArtistHit> artists = new ArrayList<>();
    List<AlbumHit> albums = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      MultiSearchResponseItem<ObjectNode> item = response.responses().get(i);
      if (item.isFailure()) {
        throw new IOException("Elasticsearch failed the " + types.get(i).id() + " search: "
            + item.failure().error().type() + ": " + item.failure().error().reason());
      }
      for (Hit<ObjectNode> hit : item.result().hits().hits()) {
        ObjectNode doc = hit.source();
        switch (types.get(i)) {
          case SONG -> songs.add(song(doc));
          case ARTIST -> artists.add(new ArtistHit(doc.path("artist_id").asText(), doc.path("name").asText(),
              doc.path("play_count").asLong(0)));
          case ALBUM -> albums.add(new AlbumHit(doc.path("album_id").asText(), doc.path("title").asText(),
              artistRef(doc), intOrNull(doc.get("release_year")), doc.path("play_count").asLong(0)));
        }
      }
    }
    return new Results(params.text().normalized(), false, songs, artists, albums);
  }

  public SearchResults.Suggestions suggest(SearchParams params) throws IOException {
    SearchRequest request = SearchQueries.suggest(ALIASES, params.text(), params.limit());
    SearchResponse<ObjectNode> response = es.search(request, ObjectNode.class);
    List<SearchResults.Suggestion> suggestions = new ArrayList<>();
    for (Suggestion<ObjectNode> suggestion : response.suggest().getOrDefault("complete", List.of())) {
      for (CompletionSuggestOption<ObjectNode> option : suggestion.completion().options()) {
        String type = SearchDocuments.entityTypeOfIndex(option.index());
        ObjectNode doc = option.source();
        String name = type.equals("artist") ? doc.path("name").asText() : doc.path("title").asText();
        String artist = type.equals("artist") ? null : doc.path("artist").asText(null);
        suggestions.add(new SearchResults.Suggestion(name, type, option.id(), artist));
      }
    }
    return new SearchResults.Suggestions(params.text().normalized(), false,
        suggestions.subList(0, Math.min(params.limit(), suggestions.size())));
  }

  /** {@code GET _cluster/health}: answers when the cluster can serve (yellow is fine on one node). */
  public void ping() throws IOException {
    es.cluster().health(h -> h.index(String.join(",", ALIASES)));
  }

  private static SongHit song(ObjectNode doc) {
    String albumId = doc.path("album_id").asText(null);
    AlbumRef album = albumId == null ? null : new AlbumRef(albumId, doc.path("album").asText(null));
    return new SongHit(doc.path("song_id").asText(), doc.path("title").asText(), artistRef(doc), album,
        intOrNull(doc.get("duration_ms")), doc.path("play_count").asLong(0));
  }

  private static ArtistRef artistRef(ObjectNode doc) {
    return new ArtistRef(doc.path("artist_id").asText(null), doc.path("artist").asText(null));
  }

  private static Integer intOrNull(JsonNode value) {
    return value == null || value.isNull() ? null : value.asInt();
  }
}
