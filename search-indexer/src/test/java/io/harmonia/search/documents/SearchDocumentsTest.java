package io.harmonia.search.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class SearchDocumentsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void completionInputsStartAtEachWordAndIncludeTheArtist() {
    assertThat(SearchDocuments.suggestInputs("Bohemian Rhapsody", "Queen"))
        .containsExactly("Bohemian Rhapsody", "Rhapsody", "Queen Bohemian Rhapsody");
    assertThat(SearchDocuments.suggestInputs("The Beatles", null)).containsExactly("The Beatles", "Beatles");
  }

  @Test
  void sourceKeepsOnlyMappedFieldsAndAddsSuggest() {
    ObjectNode doc = JSON.createObjectNode().put("song_id", "s-1").put("title", "Ace of Spades")
        .put("artist", "Motörhead").put("play_count", 100).put("not_mapped", "x");
    ObjectNode source = SearchDocuments.source("song", doc);
    assertThat(source.has("not_mapped")).isFalse();
    assertThat(source.get("title").asText()).isEqualTo("Ace of Spades");
    assertThat(source.at("/suggest/weight").asInt()).isEqualTo(SearchDocuments.weight(100));
    assertThat(source.at("/suggest/input/0").asText()).isEqualTo("Ace of Spades");
  }

  @Test
  void weightGrowsWithPlaysOnALogScale() {
    assertThat(SearchDocuments.weight(0)).isZero();
    assertThat(SearchDocuments.weight(10)).isLessThan(SearchDocuments.weight(1000));
    assertThat(SearchDocuments.weight(1_000_000_000L)).isLessThan(3000);
  }

  @Test
  void indexNamesMapToEntityTypes() {
    assertThat(SearchDocuments.entityTypeOfIndex("songs_v3")).isEqualTo("song");
    assertThat(SearchDocuments.entityTypeOfIndex("artists")).isEqualTo("artist");
    assertThat(SearchDocuments.entityTypeOfIndex("albums_quality_ab12")).isEqualTo("album");
  }
}
