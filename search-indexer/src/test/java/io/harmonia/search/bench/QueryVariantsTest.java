package io.harmonia.search.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QueryVariantsTest {

  @Test
  void theSameSeedGivesTheSameQueries() {
    assertThat(QueryVariants.of("Bohemian Rhapsody", new Random(1)))
        .isEqualTo(QueryVariants.of("Bohemian Rhapsody", new Random(1)));
  }

  @Test
  void variantsDifferFromTheNameAsDescribed() {
    List<QueryVariants.Variant> variants = QueryVariants.of("Motörhead Overkill", new Random(7));
    assertThat(variants).extracting(QueryVariants.Variant::kind).containsExactly(QueryVariants.Kind.ONE_TYPO,
        QueryVariants.Kind.TWO_TYPOS, QueryVariants.Kind.NO_DIACRITICS, QueryVariants.Kind.PREFIX);
    assertThat(variants).allSatisfy(v -> assertThat(v.query()).isNotEqualToIgnoringCase("Motörhead Overkill"));
    assertThat(variants.get(2).query()).isEqualTo("Motorhead Overkill");
    assertThat(variants.get(3).query()).isEqualTo("Motörhead Overk");
  }

  @Test
  void aTypoIsOneEditOrOneSwap() {
    Random random = new Random(3);
    for (int i = 0; i < 200; i++) {
      String typo = QueryVariants.typo("beatles", random);
      assertThat(Math.abs(typo.length() - "beatles".length())).isLessThanOrEqualTo(1);
      assertThat(typo.chars().sorted().toArray().length).isBetween(6, 8);
    }
  }

  @Test
  void shortWordsGetNoTypo() {
    assertThat(QueryVariants.of("U2", new Random(1))).isEmpty();
    assertThat(QueryVariants.prefix("Hey Jude")).contains("Hey Jud");
  }
}
