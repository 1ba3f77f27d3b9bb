package io.harmonia.search.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.schemas.EventSchemas;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CatalogEventTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void roundTripsAndMatchesTheSchema() throws Exception {
    CatalogEvent event = new CatalogEvent("song", "s-1", CatalogEvent.Op.UPSERT, 42,
        Instant.parse("2026-11-28T21:14:03Z"), JSON.createObjectNode().put("song_id", "s-1").put("title", "T"));
    byte[] bytes = event.toBytes();
    assertThat(CatalogEvent.parse(bytes)).isEqualTo(event);
    assertThat(EventSchemas.validator(EventSchemas.CATALOG_EVENT).validate(JSON.readTree(bytes))).isEmpty();
    assertThat(JSON.readTree(bytes).get("event_id").asText()).isEqualTo("42");
  }

  @Test
  void malformedRecordsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> CatalogEvent.parse("nope".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> CatalogEvent.parse(("{\"entity_type\":\"song\",\"entity_id\":\"s-1\",\"op\":\"upsert\","
        + "\"version\":3,\"occurred_at\":\"2026-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("document");
    assertThatThrownBy(() -> CatalogEvent.parse(("{\"entity_type\":\"playlist\",\"entity_id\":\"p\",\"op\":\"delete\","
        + "\"version\":3,\"occurred_at\":\"2026-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("entity_type");
    assertThatThrownBy(() -> CatalogEvent.parse(("{\"entity_type\":\"song\",\"entity_id\":\"s\",\"op\":\"delete\","
        + "\"version\":0,\"occurred_at\":\"2026-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("version");
  }
}
