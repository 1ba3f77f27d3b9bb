package io.harmonia.api.recommendations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.harmonia.api.http.Json;
import io.harmonia.clients.RecoKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;

/**
 * The playlists the ALS job published to Redis ({@link RecoKeys}; reco-als-job/README.md, "Redis
 * publish format"). A read resolves the current run once and takes every key from that run only,
 * so an answer never mixes two runs, whatever the job switches meanwhile: {@code GET} of the
 * pointer, then one {@code MGET} of the user's keys and the run's popular list. Nothing is computed
 * here. A Redis failure surfaces as {@link redis.clients.jedis.exceptions.JedisException}.
 */
public final class RecommendationStore {

  private static final Logger log = LoggerFactory.getLogger(RecommendationStore.class);
  /** The job's documents carry more than the API shows (user_id, known_songs, ...). */
  private static final ObjectReader DOCUMENT = Json.MAPPER.readerFor(Document.class)
      .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  /** Daily Mixes per user the API asks for: the job publishes at most this many (mix 1 to 3). */
  static final int MAX_DAILY_MIXES = 3;

  private final JedisPooled redis;

  public RecommendationStore(JedisPooled redis) {
    this.redis = redis;
  }

  /** A playlist document as the job writes it. {@code mix} and {@code theme} are a Daily Mix's. */
  public record Document(String playlistName, String kind, Integer mix, String theme, List<String> songIds,
      Instant generatedAt, boolean fallback) {}

  /**
   * What one run holds for a user: their own playlists (empty when they have none, e.g. no history)
   * and the run's popular list (null when there is no current run, or its keys have expired).
   */
  public record Found(List<Document> personal, Document popular) {}

  public Found discoverWeekly(String userId) {
    return read(run -> List.of(RecoKeys.discoverWeekly(run, userId)));
  }

  /** The user's Daily Mixes, mix 1 (their main taste) first. */
  public Found dailyMixes(String userId) {
    return read(run -> IntStream.rangeClosed(1, MAX_DAILY_MIXES).mapToObj(n -> RecoKeys.dailyMix(run, userId, n)).toList());
  }

  private Found read(Function<String, List<String>> userKeys) {
    String run = redis.get(RecoKeys.CURRENT_RUN);
    if (run == null) {
      return new Found(List.of(), null);
    }
    List<String> keys = new ArrayList<>(userKeys.apply(run));
    keys.add(RecoKeys.popular(run));
    List<String> values = redis.mget(keys.toArray(String[]::new));
    List<Document> personal = new ArrayList<>();
    for (int i = 0; i < values.size() - 1; i++) {
      Document document = parse(keys.get(i), values.get(i));
      if (document != null) {
        personal.add(document);
      }
    }
    return new Found(personal, parse(keys.get(keys.size() - 1), values.get(values.size() - 1)));
  }

  private static Document parse(String key, String json) {
    if (json == null) {
      return null;
    }
    try {
      Document document = DOCUMENT.readValue(json);
      if (document.songIds() != null && document.songIds().stream().noneMatch(Objects::isNull)) {
        return document;
      }
      log.warn("ignoring a recommendation document without song ids: {}", key);
    } catch (JsonProcessingException e) {
      log.warn("ignoring an unreadable recommendation document {}: {}", key, e.getOriginalMessage());
    }
    return null;
  }
}
