package io.harmonia.api.plays;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.api.auth.Principal;
import io.harmonia.api.http.Json;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.schemas.EventSchemas;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlayEventRulesTest {

  static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  static final Principal LISTENER = new Principal("u-abc", "FREE", NOW.plusSeconds(3600));
  final PlayEventRules rules = new PlayEventRules(PlaySettings.from(HarmoniaConfig.of(Map.of())), Set.of("s-1")::contains);

  static ObjectNode event() {
    ObjectNode e = Json.MAPPER.createObjectNode();
    e.put("event_id", "0B5A4F8E-2D4B-4A59-9A51-5F1F3C9B7D21");
    e.put("song_id", "s-1");
    e.put("duration_ms", 31_000);
    e.put("bitrate", 256);
    e.put("played_at", "2026-11-28T12:58:00.123456+01:00");
    return e;
  }

  @Test
  void aValidEventBecomesTheSchemasPlayEventWithTheListenerAndMillisecondTimes() throws Exception {
    PlayEventRules.Outcome outcome = rules.check(event(), LISTENER, "web", NOW);

    assertThat(outcome).isInstanceOf(PlayEventRules.Valid.class);
    JsonNode produced = Json.MAPPER.readTree(((PlayEventRules.Valid) outcome).json());
    assertThat(EventSchemas.validator(EventSchemas.PLAY_EVENT).validate(produced)).isEmpty();
    assertThat(produced.get("event_id").asText()).isEqualTo("0b5a4f8e-2d4b-4a59-9a51-5f1f3c9b7d21");
    assertThat(produced.get("user_id").asText()).isEqualTo("u-abc");
    assertThat(produced.get("subscription").asText()).isEqualTo("FREE");
    assertThat(produced.get("played_at").asText()).isEqualTo("2026-11-28T11:58:00.123Z");
    assertThat(produced.get("received_at").asText()).isEqualTo("2026-11-28T12:00:00Z");
    assertThat(produced.get("client").asText()).isEqualTo("web");
  }

  @Test
  void everyProblemOfAnEventIsReportedAtOnce() {
    ObjectNode e = event();
    e.put("bitrate", 96);
    e.put("duration_ms", -3);
    e.put("colour", "blue");

    PlayEventRules.Outcome outcome = rules.check(e, LISTENER, null, NOW);

    assertThat(outcome).isInstanceOf(PlayEventRules.Rejected.class);
    assertThat(((PlayEventRules.Rejected) outcome).reason())
        .contains("bitrate must be 128, 256 or 320").contains("duration_ms must be between 0 and")
        .contains("unknown field 'colour'");
  }

  @Test
  void theClockSkewAllowanceAndTheMaximumAgeAreTheEdges() {
    ObjectNode skewed = event();
    skewed.put("duration_ms", 0);
    skewed.put("played_at", NOW.plusSeconds(299).toString());
    assertThat(rules.check(skewed, LISTENER, null, NOW)).isInstanceOf(PlayEventRules.Valid.class);
    skewed.put("played_at", NOW.plusSeconds(301).toString());
    assertThat(rules.check(skewed, LISTENER, null, NOW)).isInstanceOf(PlayEventRules.Rejected.class);

    ObjectNode old = event();
    old.put("played_at", NOW.minusSeconds(30L * 86400 - 1).toString());
    assertThat(rules.check(old, LISTENER, null, NOW)).isInstanceOf(PlayEventRules.Valid.class);
    old.put("played_at", NOW.minusSeconds(30L * 86400 + 1).toString());
    assertThat(rules.check(old, LISTENER, null, NOW)).isInstanceOf(PlayEventRules.Rejected.class);
  }

  @Test
  void theSongIsLookedUpOnlyForAnOtherwiseValidEvent() {
    ObjectNode unknown = event();
    unknown.put("song_id", "s-2");
    assertThat(((PlayEventRules.Rejected) rules.check(unknown, LISTENER, null, NOW)).reason())
        .isEqualTo("song_id 's-2' is not a song of the catalog");
  }

  @Test
  void aCursorSurvivesTheRoundTrip() {
    PlayCursor cursor = new PlayCursor(Instant.parse("2026-11-28T11:58:00.123Z"),
        java.util.UUID.fromString("0b5a4f8e-2d4b-4a59-9a51-5f1f3c9b7d21"));
    assertThat(PlayCursor.decode(cursor.encode())).isEqualTo(cursor);
  }
}
