package io.harmonia.search.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * From a catalog event's document to the Elasticsearch source of its index: only the fields the
 * index maps (the indices are {@code dynamic: strict}, so a writer's extra field must not turn into
 * a rejected document), plus the {@code suggest} completion field derived here.
 *
 * <p>A completion suggester matches from the start of an input, so each name is offered from
 * each of its first words on ("Bohemian Rhapsody" also as "Rhapsody", "The Beatles" also as
 * "Beatles"), and songs and albums also as "artist title". The weight is the popularity,
 * on a log scale so that a hit does not hide every other completion.
 */
public final class SearchDocuments {

  /** Entity type → alias of its index. */
  public static final Map<String, String> ALIASES = Map.of("song", "songs", "artist", "artists", "album", "albums");

  private static final Map<String, List<String>> FIELDS = Map.of(
      "song", List.of("song_id", "title", "artist_id", "artist", "album_id", "album", "genre", "release_year",
          "duration_ms", "play_count"),
      "artist", List.of("artist_id", "name", "play_count"),
      "album", List.of("album_id", "title", "artist_id", "artist", "release_year", "play_count"));
  private static final int MAX_SUFFIX_WORDS = 4;
  private static final ObjectMapper JSON = new ObjectMapper();

  private SearchDocuments() {}

  public static String alias(String entityType) {
    String alias = ALIASES.get(entityType);
    if (alias == null) {
      throw new IllegalArgumentException("unknown entity type " + entityType);
    }
    return alias;
  }

  /** The entity type an index (or alias) name belongs to: {@code songs_v3} → {@code song}. */
  public static String entityTypeOfIndex(String index) {
    for (Map.Entry<String, String> e : ALIASES.entrySet()) {
      if (index.equals(e.getValue()) || index.startsWith(e.getValue() + "_")) {
        return e.getKey();
      }
    }
    throw new IllegalArgumentException("no entity type for index " + index);
  }

  /** The indexed source: mapped fields of the event's document, and {@code suggest}. */
  public static ObjectNode source(String entityType, JsonNode document) {
    ObjectNode source = JSON.createObjectNode();
    for (String field : FIELDS.get(entityType)) {
      JsonNode value = document.get(field);
      if (value != null && !value.isNull()) {
        source.set(field, value);
      }
    }
    String name = entityType.equals("artist") ? text(source, "name") : text(source, "title");
    String artist = entityType.equals("artist") ? null : text(source, "artist");
    ObjectNode suggest = source.putObject("suggest");
    ArrayNode input = suggest.putArray("input");
    suggestInputs(name, artist).forEach(input::add);
    suggest.put("weight", weight(source.path("play_count").asLong(0)));
    return source;
  }

  /** The completion inputs of a name (and its artist, for songs and albums). */
  public static List<String> suggestInputs(String name, String artist) {
    Set<String> inputs = new LinkedHashSet<>();
    if (name != null && !name.isBlank()) {
      String[] words = name.trim().split("\\s+");
      for (int i = 0; i < words.length && i <= MAX_SUFFIX_WORDS; i++) {
        inputs.add(String.join(" ", Arrays.copyOfRange(words, i, words.length)));
      }
      if (artist != null && !artist.isBlank()) {
        inputs.add(artist.trim() + " " + name.trim());
      }
    }
    return List.copyOf(inputs);
  }

  /** Completion weight: 0 for an unplayed song, about 100 per factor e of plays. */
  public static int weight(long playCount) {
    return (int) Math.min(Integer.MAX_VALUE, Math.round(100 * Math.log1p(Math.max(0, playCount))));
  }

  private static String text(ObjectNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
