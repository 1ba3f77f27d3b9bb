package io.harmonia.api.search;

import io.javalin.http.Context;

/** {@code GET /api/v1/search} and {@code GET /api/v1/search/suggest}. */
public final class SearchHandler implements AutoCloseable {

  private final SearchService search;
  private final ElasticsearchBreaker breaker;

  public SearchHandler(SearchService search, ElasticsearchBreaker breaker) {
    this.search = search;
    this.breaker = breaker;
  }

  public void search(Context ctx) {
    ctx.json(search.search(SearchParams.search(ctx)));
  }

  public void suggest(Context ctx) {
    ctx.json(search.suggest(SearchParams.suggest(ctx)));
  }

  @Override
  public void close() {
    breaker.close();
  }
}
