package io.harmonia.reco.publish;

import static io.harmonia.reco.TestSpark.frame;
import static io.harmonia.reco.TestSpark.row;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.clients.RecoKeys;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class RedisDocumentsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void discoverWeeklyIsOneJsonDocumentPerUserUnderTheRunPrefix() throws Exception {
    Row doc = RedisPublisher.discoverWeeklyDocuments(
        frame("user_id string, item_ids array<string>", row("u-1", List.of("s-3", "s-1"))),
        "20250101T000000Z-abc", "2025-01-01T00:00:00Z").first();

    assertThat(doc.getString(0)).isEqualTo("reco:run:20250101T000000Z-abc:u-1:discover-weekly")
        .isEqualTo(RecoKeys.discoverWeekly("20250101T000000Z-abc", "u-1"));
    JsonNode value = JSON.readTree(doc.getString(1));
    assertThat(value.get("playlist_name").asText()).isEqualTo("Discover Weekly");
    assertThat(value.get("kind").asText()).isEqualTo("discover-weekly");
    assertThat(value.get("song_ids").toString()).isEqualTo("[\"s-3\",\"s-1\"]");
    assertThat(value.get("generated_at").asText()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(value.get("model_run_id").asText()).isEqualTo("20250101T000000Z-abc");
    assertThat(value.get("fallback").asBoolean()).isFalse();
  }

  @Test
  void aDailyMixNamesItsNumberAndTheme() throws Exception {
    Row doc = RedisPublisher.dailyMixDocuments(
        frame("user_id string, mix int, group string, item_ids array<string>, known int, fresh int",
            row("u-1", 2, "taste-7", List.of("s-9"), 1, 0)),
        "r", "2025-01-01T00:00:00Z").first();

    assertThat(doc.getString(0)).isEqualTo("reco:run:r:u-1:daily-mix:2").isEqualTo(RecoKeys.dailyMix("r", "u-1", 2));
    JsonNode value = JSON.readTree(doc.getString(1));
    assertThat(value.get("playlist_name").asText()).isEqualTo("Daily Mix 2");
    assertThat(value.get("kind").asText()).isEqualTo("daily-mix");
    assertThat(value.get("theme").asText()).isEqualTo("taste-7");
    assertThat(value.get("known_songs").asInt()).isEqualTo(1);
    assertThat(value.get("new_songs").asInt()).isZero();
  }
}
