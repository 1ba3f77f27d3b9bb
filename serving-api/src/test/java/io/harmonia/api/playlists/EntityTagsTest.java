package io.harmonia.api.playlists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harmonia.api.http.ApiProblem;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class EntityTagsTest {

  @Test
  void anETagIsTheQuotedVersion() {
    assertThat(EntityTags.of(7)).isEqualTo("\"7\"");
  }

  @Test
  void ifMatchNamesAVersionOrNone() {
    assertThat(EntityTags.parseIfMatch("\"7\"")).hasValue(7);
    assertThat(EntityTags.parseIfMatch("  \"12\" ")).hasValue(12);
    assertThat(EntityTags.parseIfMatch(null)).isEmpty();
    assertThat(EntityTags.parseIfMatch("")).isEmpty();
    assertThat(EntityTags.parseIfMatch("*")).isEmpty();
  }

  @Test
  void anythingElseInIfMatchIsA400() {
    for (String bad : new String[] {"7", "W/\"7\"", "\"0\"", "\"-1\"", "\"7\", \"8\"", "\"abc\"", "\"99999999999999999999\""}) {
      assertThatThrownBy(() -> EntityTags.parseIfMatch(bad)).as(bad)
          .isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.status()).isEqualTo(400);
            assertThat(p.detail()).contains("If-Match");
          });
    }
  }

  @Test
  void theBodysVersionAndIfMatchMustAgree() {
    assertThat(EntityTags.expectedVersion(null, 4L)).hasValue(4);
    assertThat(EntityTags.expectedVersion("\"4\"", null)).hasValue(4);
    assertThat(EntityTags.expectedVersion("\"4\"", 4L)).hasValue(4);
    assertThat(EntityTags.expectedVersion(null, null)).isEqualTo(OptionalLong.empty());
    assertThatThrownBy(() -> EntityTags.expectedVersion("\"4\"", 5L))
        .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.detail()).contains("version 4", "version 5"));
    assertThatThrownBy(() -> EntityTags.expectedVersion(null, 0L)).isInstanceOf(ApiProblem.class);
  }

  @Test
  void ifNoneMatchHitsTheCurrentVersionStrongOrWeakOrStar() {
    assertThat(EntityTags.noneMatchHits("\"3\"", 3)).isTrue();
    assertThat(EntityTags.noneMatchHits("W/\"3\"", 3)).isTrue();
    assertThat(EntityTags.noneMatchHits("\"1\", \"3\"", 3)).isTrue();
    assertThat(EntityTags.noneMatchHits("*", 3)).isTrue();
    assertThat(EntityTags.noneMatchHits("\"2\"", 3)).isFalse();
    assertThat(EntityTags.noneMatchHits(null, 3)).isFalse();
  }
}
