package io.harmonia.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SearchTextTest {

  @Test
  void normalizesCaseWidthAndWhiteSpace() {
    assertThat(SearchText.of("  Bohemian\t\tRHAPS \n").normalized()).isEqualTo("bohemian rhaps");
    assertThat(SearchText.of("Ｑｕｅｅｎ").normalized()).isEqualTo("queen"); // full-width forms (NFKC)
    assertThat(SearchText.of("ﬁre").normalized()).isEqualTo("fire"); // ligature
    assertThat(SearchText.of("Motörhead").normalized()).isEqualTo("motörhead"); // Elasticsearch folds diacritics
    assertThat(SearchText.of("a\u0000b\u200bc").normalized()).isEqualTo("a b c");
  }

  @Test
  void blankOrTooLongInputIsNotAQuery() {
    assertThatThrownBy(() -> SearchText.of(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SearchText.of("   ")).hasMessageContaining("blank");
    assertThatThrownBy(() -> SearchText.of("\u0000\u0001")).hasMessageContaining("blank");
    assertThatThrownBy(() -> SearchText.of("x".repeat(SearchText.MAX_RAW_CHARS + 1))).hasMessageContaining("longer");
  }

  @Test
  void longTextIsCutAtAWordBoundary() {
    String text = SearchText.of(("word ".repeat(40)).trim()).normalized();
    assertThat(text.length()).isLessThanOrEqualTo(SearchText.MAX_CHARS);
    assertThat(text).endsWith("word").doesNotEndWith(" ");
  }

  @Test
  void punctuationAloneHasNoTerms() {
    assertThat(SearchText.of("?!*&^%").hasTerms()).isFalse();
    assertThat(SearchText.of("title:(").hasTerms()).isTrue();
    assertThat(SearchText.of("2pac").hasTerms()).isTrue();
  }

  @Test
  void prefixFieldsKeepTheirBoost() {
    assertThat(SearchQueries.prefixField("title^3")).isEqualTo("title.prefix^3");
    assertThat(SearchQueries.prefixField("album")).isEqualTo("album.prefix");
  }
}
