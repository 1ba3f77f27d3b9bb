package io.harmonia.api.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.harmonia.api.http.Json;
import io.harmonia.api.search.SearchResults.Results;
import io.harmonia.api.search.SearchResults.Suggestions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Search and suggest: from the Redis cache ({@code search:{normalized query}|{types}|{limit}|{offset}},
 * five minutes), else from Elasticsearch, else — when Elasticsearch fails or its breaker is open —
 * from PostgreSQL ({@link TrigramSearch}), marked {@code degraded}. Degraded answers are not cached,
 * so search is back to full quality as soon as Elasticsearch is; nor are empty ones, so a song
 * searched for just before it was indexed is found as soon as it is. Redis being down only costs
 * the cache.
 */
public final class SearchService {

  private static final Logger log = LoggerFactory.getLogger(SearchService.class);

  private final ElasticsearchSearch elasticsearch;
  private final TrigramSearch fallback;
  private final ElasticsearchBreaker breaker;
  private final JedisPooled redis;
  private final long cacheTtlSeconds;
  private final MeterRegistry metrics;

  public SearchService(ElasticsearchSearch elasticsearch, TrigramSearch fallback, ElasticsearchBreaker breaker,
      JedisPooled redis, Duration cacheTtl, MeterRegistry metrics) {
    this.elasticsearch = elasticsearch;
    this.fallback = fallback;
    this.breaker = breaker;
    this.redis = redis;
    this.cacheTtlSeconds = cacheTtl.toSeconds();
    this.metrics = metrics;
  }

  public Results search(SearchParams params) {
    if (!params.text().hasTerms()) {
      return Results.empty(params.text().normalized());
    }
    String key = params.cacheKey("search");
    Optional<Results> cached = cached(key, Results.class);
    if (cached.isPresent()) {
      count("search", "cache");
      return cached.get();
    }
    if (!breaker.isOpen()) {
      try {
        Results results = elasticsearch.search(params);
        count("search", "elasticsearch");
        if (!results.songs().isEmpty() || !results.artists().isEmpty() || !results.albums().isEmpty()) {
          store(key, results);
        }
        return results;
      } catch (Exception e) {
        breaker.recordFailure(e);
      }
    }
    try {
      count("search", "postgres");
      return fallback.search(params);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("neither Elasticsearch nor PostgreSQL could search", e);
    }
  }

  public Suggestions suggest(SearchParams params) {
    if (!params.text().hasTerms()) {
      return new Suggestions(params.text().normalized(), false, List.of());
    }
    String key = params.cacheKey("suggest");
    Optional<Suggestions> cached = cached(key, Suggestions.class);
    if (cached.isPresent()) {
      count("suggest", "cache");
      return cached.get();
    }
    if (!breaker.isOpen()) {
      try {
        Suggestions suggestions = elasticsearch.suggest(params);
        count("suggest", "elasticsearch");
        if (!suggestions.suggestions().isEmpty()) {
          store(key, suggestions);
        }
        return suggestions;
      } catch (Exception e) {
        breaker.recordFailure(e);
      }
    }
    try {
      count("suggest", "postgres");
      return fallback.suggest(params);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("neither Elasticsearch nor PostgreSQL could suggest", e);
    }
  }

  private <T> Optional<T> cached(String key, Class<T> type) {
    String json;
    try {
      json = redis.get(key);
    } catch (JedisException e) {
      log.debug("search cache unavailable: {}", e.getMessage());
      return Optional.empty();
    }
    if (json == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.MAPPER.readValue(json, type));
    } catch (JsonProcessingException e) {
      return Optional.empty(); // another version's shape: a miss, overwritten below
    }
  }

  private void store(String key, Object value) {
    try {
      redis.setex(key, cacheTtlSeconds, Json.write(value));
    } catch (JedisException e) {
      log.debug("could not cache {}: {}", key, e.getMessage());
    }
  }

  private void count(String endpoint, String source) {
    Counter.builder("harmonia.search.requests").tag("endpoint", endpoint).tag("source", source)
        .register(metrics).increment();
  }
}
