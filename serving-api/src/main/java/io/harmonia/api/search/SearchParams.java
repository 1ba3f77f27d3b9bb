package io.harmonia.api.search;

import io.harmonia.api.http.ApiProblem;
import io.harmonia.api.http.QueryParams;
import io.harmonia.search.query.SearchText;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The query parameters of a search, validated: bad input is a 400 that says what is wrong. */
public record SearchParams(SearchText text, Set<EntityType> types, int limit, int offset) {

  public static final int MAX_LIMIT = 50;
  public static final int MAX_SUGGEST_LIMIT = 20;
  /** Deep pages cost Elasticsearch more and more and no listener reads them. */
  public static final int MAX_OFFSET = 500;

  public enum EntityType {
    SONG, ARTIST, ALBUM;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static SearchParams search(Context ctx) {
    return new SearchParams(text(ctx), types(ctx.queryParam("type")), QueryParams.intInRange(ctx, "limit", 10, 1, MAX_LIMIT),
        QueryParams.intInRange(ctx, "offset", 0, 0, MAX_OFFSET));
  }

  static SearchParams suggest(Context ctx) {
    return new SearchParams(text(ctx), EnumSet.allOf(EntityType.class), QueryParams.intInRange(ctx, "limit", 8, 1, MAX_SUGGEST_LIMIT), 0);
  }

  /** The cache key: everything that changes the answer, normalized. */
  String cacheKey(String kind) {
    String typeList = types.stream().map(EntityType::id).sorted().collect(Collectors.joining(","));
    return kind + ":" + text.normalized() + "|" + typeList + "|" + limit + "|" + offset;
  }

  private static SearchText text(Context ctx) {
    try {
      return SearchText.of(ctx.queryParam("q"));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badRequest(e.getMessage());
    }
  }

  static Set<EntityType> types(String value) {
    if (value == null || value.isBlank()) {
      return EnumSet.allOf(EntityType.class);
    }
    Set<EntityType> types = EnumSet.noneOf(EntityType.class);
    for (String part : value.split(",")) {
      String name = part.trim().toUpperCase(Locale.ROOT);
      try {
        types.add(EntityType.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw ApiProblem.badRequest("type must be a comma-separated list of "
            + Arrays.stream(EntityType.values()).map(EntityType::id).collect(Collectors.joining(", "))
            + "; got '" + part.trim() + "'");
      }
    }
    return types;
  }
}
