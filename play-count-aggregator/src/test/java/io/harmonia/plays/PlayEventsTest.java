package io.harmonia.plays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harmonia.schemas.EventSchemas;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PlayEventsTest {

  private static final EventSchemas.Validator VALIDATOR = EventSchemas.validator(EventSchemas.PLAY_EVENT);
  private static final String EVENT = "{\"schema_version\":2,\"event_id\":\"6F1C2A34-9B8D-4C1E-8F00-0123456789AB\","
      + "\"user_id\":\"u-1\",\"subscription\":\"FREE\",\"song_id\":\"s-1\",\"duration_ms\":%d,"
      + "\"bitrate\":128,\"played_at\":\"2026-01-31T10:00:00Z\",\"received_at\":\"2026-01-31T10:03:00Z\"}";

  private static byte[] event(int durationMs) {
    return String.format(EVENT, durationMs).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aValidEventIsAPlayWithItsEventIdInOneSpelling() throws Exception {
    Play play = PlayEvents.parse(event(180_000), VALIDATOR);
    assertThat(play).isEqualTo(new Play("6f1c2a34-9b8d-4c1e-8f00-0123456789ab", "u-1", "s-1",
        Instant.parse("2026-01-31T10:00:00Z"), 180_000, "FREE"));
    assertThat(PlayEvents.playedAt(event(1))).isEqualTo("2026-01-31T10:00:00Z");
  }

  @Test
  void invalidRecordsSayWhy() {
    assertThatThrownBy(() -> PlayEvents.parse("{not json".getBytes(StandardCharsets.UTF_8), VALIDATOR))
        .isInstanceOf(PlayEvents.InvalidPlayEvent.class).hasMessageStartingWith("not JSON");
    assertThatThrownBy(() -> PlayEvents.parse("[1]".getBytes(StandardCharsets.UTF_8), VALIDATOR))
        .hasMessage("not a JSON object");
    assertThatThrownBy(() -> PlayEvents.parse(event(-1), VALIDATOR)).hasMessageContaining("duration_ms");
    assertThatThrownBy(() -> PlayEvents.parse(null, VALIDATOR)).isInstanceOf(PlayEvents.InvalidPlayEvent.class);
    assertThat(PlayEvents.playedAt("{}".getBytes(StandardCharsets.UTF_8))).isNull();
  }
}
