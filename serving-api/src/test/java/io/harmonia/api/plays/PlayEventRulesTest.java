package io.harmonia.api.plays;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.api.auth.Principal;
import io.harmonia.api.http.Json;
import io.harmonia.api.playback.PlayIds;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.schemas.EventSchemas;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlayEventRulesTest {

  static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  static final Principal LISTENER = new Principal("u-abc", "FREE", Set.of(), NOW.plusSeconds(3600));
  static final PlayIds PLAY_IDS = new PlayIds(PlayIds.derivedKey("a test secret of at least thirty-two characters"));
  final PlayEventRules rules = new PlayEventRules(PlaySettings.from(HarmoniaConfig.of(Map.of())), Set.of("s-1", "s-2")::contains,
      PLAY_IDS);

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
    assertThat(produced.get("client_event_id").asText()).isEqualTo("0b5a4f8e-2d4b-4a59-9a51-5f1f3c9b7d21");
    assertThat(produced.get("event_id").asText())
        .isEqualTo(PlayEventMessage.storedEventId("u-abc", "0b5a4f8e-2d4b-4a59-9a51-5f1f3c9b7d21"));
    assertThat(produced.get("play_check").asText()).isEqualTo("missing");
    assertThat(produced.has("play_issued_at")).isFalse();
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
    unknown.put("song_id", "s-3");
    assertThat(((PlayEventRules.Rejected) rules.check(unknown, LISTENER, null, NOW)).reason())
        .isEqualTo("song_id 's-3' is not a song of the catalog");
  }

  @Test
  void aCursorSurvivesTheRoundTrip() {
    PlayCursor cursor = new PlayCursor(Instant.parse("2026-11-28T11:58:00.123Z"),
        java.util.UUID.fromString("0b5a4f8e-2d4b-4a59-9a51-5f1f3c9b7d21"));
    assertThat(PlayCursor.decode(cursor.encode())).isEqualTo(cursor);
  }

  @Test
  void theStoredIdIsTheUsersOwnTwoListenersSendingOneEventIdNeverShareARow() {
    String clientId = "0b5a4f8e-2d4b-4a59-9a51-5f1f3c9b7d21";
    Principal other = new Principal("u-other", "FREE", Set.of(), NOW.plusSeconds(3600));
    String mine = ((PlayEventRules.Valid) rules.check(event(), LISTENER, null, NOW)).message().eventId();
    String theirs = ((PlayEventRules.Valid) rules.check(event(), other, null, NOW)).message().eventId();
    String again = ((PlayEventRules.Valid) rules.check(event(), LISTENER, null, NOW)).message().eventId();

    assertThat(mine).isNotEqualTo(theirs).isNotEqualTo(clientId).isEqualTo(again);
    assertThat(java.util.UUID.fromString(mine).version()).isEqualTo(8);
  }

  @Test
  void aPlayIdIsCheckedAgainstTheListenerAndTheSongAndWhatItVouchesForIsCarried() throws Exception {
    Instant issued = NOW.minusSeconds(40);
    ObjectNode valid = event();
    valid.put("play_id", PLAY_IDS.issue("u-abc", "s-1", issued, 215_000));
    JsonNode produced = Json.MAPPER.readTree(((PlayEventRules.Valid) rules.check(valid, LISTENER, null, NOW)).json());
    assertThat(EventSchemas.validator(EventSchemas.PLAY_EVENT).validate(produced)).isEmpty();
    assertThat(produced.get("play_check").asText()).isEqualTo("valid");
    assertThat(produced.get("play_issued_at").asText()).isEqualTo(issued.toString());
    assertThat(produced.get("song_duration_ms").asInt()).isEqualTo(215_000);

    assertThat(check(PLAY_IDS.issue("u-someone-else", "s-1", issued, 215_000))).isEqualTo("other-user");
    assertThat(check(PLAY_IDS.issue("u-abc", "s-2", issued, 215_000))).isEqualTo("other-song");
    String forged = PLAY_IDS.issue("u-abc", "s-1", issued, 215_000);
    assertThat(check(forged.substring(0, forged.length() - 2) + (forged.endsWith("AA") ? "AB" : "AA"))).isEqualTo("invalid");
    PlayIds otherKey = new PlayIds(PlayIds.derivedKey("another secret of at least thirty-two characters"));
    assertThat(check(otherKey.issue("u-abc", "s-1", issued, 215_000))).isEqualTo("invalid");
    assertThat(check("not-a-play-id")).isEqualTo("invalid");
  }

  @Test
  void aPlayIdThatIsNotAStringIsRefused() {
    ObjectNode event = event();
    event.put("play_id", 42);
    assertThat(((PlayEventRules.Rejected) rules.check(event, LISTENER, null, NOW)).reason()).contains("play_id must be");
  }

  private String check(String playId) throws Exception {
    ObjectNode event = event();
    event.put("play_id", playId);
    PlayEventRules.Outcome outcome = rules.check(event, LISTENER, null, NOW);
    return Json.MAPPER.readTree(((PlayEventRules.Valid) outcome).json()).get("play_check").asText();
  }
}
