package io.harmonia.search.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harmonia.search.events.CatalogEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How an outbox row becomes the event the relay publishes. */
class OutboxRelayTest {

  private static final Instant CREATED = Instant.parse("2026-11-28T10:00:00Z");

  @Test
  void versionAndIdentityComeFromTheRowNotThePayload() {
    String payload = "{\"schema_version\":1,\"event_id\":\"7\",\"version\":7,\"entity_type\":\"album\","
        + "\"entity_id\":\"other\",\"op\":\"delete\",\"occurred_at\":\"2026-11-28T09:00:00Z\","
        + "\"document\":{\"song_id\":\"s-1\",\"title\":\"T\"}}";
    CatalogEvent event = OutboxRelay.toEvent(new OutboxRelay.OutboxRow(1042, "song", "s-1", "upsert", payload, CREATED));
    assertThat(event.version()).isEqualTo(1042);
    assertThat(event.entityType()).isEqualTo("song");
    assertThat(event.entityId()).isEqualTo("s-1");
    assertThat(event.op()).isEqualTo(CatalogEvent.Op.UPSERT);
    assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-28T09:00:00Z"));
    assertThat(event.document().get("title").asText()).isEqualTo("T");
  }

  @Test
  void aPayloadWithoutTimeTakesTheRowsCreationTime() {
    CatalogEvent event = OutboxRelay.toEvent(new OutboxRelay.OutboxRow(5, "artist", "a-1", "delete", "{}", CREATED));
    assertThat(event.occurredAt()).isEqualTo(CREATED);
    assertThat(event.document()).isNull();
  }

  @Test
  void anUpsertWithoutDocumentCannotBePublished() {
    assertThatThrownBy(() -> OutboxRelay.toEvent(new OutboxRelay.OutboxRow(6, "song", "s-1", "upsert", "{}", CREATED)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
