package io.harmonia.api.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harmonia.api.http.ApiProblem;
import io.harmonia.api.search.SearchParams.EntityType;
import io.harmonia.search.query.SearchText;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class SearchParamsTest {

  @Test
  void typesDefaultToAllAndAcceptAnyCaseAndSpacing() {
    assertThat(SearchParams.types(null)).isEqualTo(EnumSet.allOf(EntityType.class));
    assertThat(SearchParams.types(" Song , artist")).containsExactlyInAnyOrder(EntityType.SONG, EntityType.ARTIST);
    assertThatThrownBy(() -> SearchParams.types("song,playlist")).isInstanceOf(ApiProblem.class)
        .hasMessageContaining("playlist");
  }

  @Test
  void theCacheKeyIsTheNormalizedQueryAndEverythingElseThatChangesTheAnswer() {
    SearchParams a = new SearchParams(SearchText.of("  The BEATLES "), EnumSet.of(EntityType.SONG, EntityType.ARTIST), 10, 0);
    SearchParams b = new SearchParams(SearchText.of("the beatles"), EnumSet.of(EntityType.ARTIST, EntityType.SONG), 10, 0);
    assertThat(a.cacheKey("search")).isEqualTo(b.cacheKey("search")).isEqualTo("search:the beatles|artist,song|10|0");
    assertThat(new SearchParams(SearchText.of("the beatles"), EnumSet.of(EntityType.SONG), 10, 10).cacheKey("search"))
        .isNotEqualTo(a.cacheKey("search"));
  }
}
