package io.harmonia.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The event schemas as they are in this checkout: each version compatible with the one before. */
class SchemaCompatibilityTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path EVENTS = Path.of("src/main/resources/events");

  @ParameterizedTest
  @ValueSource(strings = {EventSchemas.PLAY_EVENT, EventSchemas.PLAY_EVENT_DLQ, EventSchemas.CATALOG_EVENT})
  void everyVersionIsCompatibleWithThePreviousOne(String name) {
    List<JsonNode> versions = EventSchemas.versions(name);
    for (int v = 1; v < versions.size(); v++) {
      assertThat(SchemaCompatibility.check(versions.get(v - 1), versions.get(v)))
          .as("%s v%d against v%d", name, v + 1, v)
          .isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {EventSchemas.PLAY_EVENT, EventSchemas.PLAY_EVENT_DLQ, EventSchemas.CATALOG_EVENT})
  void everyExampleOfAnyVersionIsValidUnderTheLatest(String name) throws IOException {
    EventSchemas.Validator latest = EventSchemas.validator(name);
    try (Stream<Path> examples = Files.list(EVENTS.resolve(name).resolve("examples"))) {
      List<Path> files = examples.sorted().toList();
      assertThat(files).isNotEmpty();
      for (Path example : files) {
        assertThat(latest.validate(JSON.readTree(example.toFile())))
            .as("%s under %s v%d", example.getFileName(), name, latest.version())
            .isEmpty();
      }
    }
  }

  @Test
  void releasedVersionsAreFrozen() throws Exception {
    List<String> lines = Files.readAllLines(EVENTS.resolve("RELEASED"), StandardCharsets.UTF_8);
    int checked = 0;
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.trim().split("\\s+");
      byte[] content = Files.readAllBytes(EVENTS.resolve(parts[0]));
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
      assertThat(sha).as("%s has shipped: add a new version instead of editing it", parts[0]).isEqualTo(parts[1]);
      checked++;
    }
    assertThat(checked).isPositive();
  }

  @Test
  void removingARequiredFieldIsCaught() {
    JsonNode previous = latest(EventSchemas.PLAY_EVENT);
    ObjectNode next = previous.deepCopy();
    ArrayNode required = (ArrayNode) next.get("required");
    for (int i = 0; i < required.size(); i++) {
      if (required.get(i).asText().equals("song_id")) {
        required.remove(i);
      }
    }

    assertThat(SchemaCompatibility.check(previous, next))
        .containsExactly("$.song_id: required field is no longer required (consumers rely on it)");
  }

  @Test
  void addingARequiredFieldWithoutADefaultIsCaughtButAnOptionalOneIsFine() {
    JsonNode previous = latest(EventSchemas.PLAY_EVENT);
    ObjectNode optional = previous.deepCopy();
    ((ObjectNode) optional.get("properties")).putObject("country").put("type", "string");
    assertThat(SchemaCompatibility.check(previous, optional)).isEmpty();

    ObjectNode required = optional.deepCopy();
    ((ArrayNode) required.get("required")).add("country");
    assertThat(SchemaCompatibility.check(previous, required))
        .containsExactly("$.country: new required field without a default (events already written lack it)");
  }

  @Test
  void typeAndEnumChangesAreCaught() {
    JsonNode previous = latest(EventSchemas.PLAY_EVENT);
    ObjectNode next = previous.deepCopy();
    ObjectNode props = (ObjectNode) next.get("properties");
    props.putObject("duration_ms").put("type", "string");
    ((ArrayNode) props.get("bitrate").get("enum")).remove(0);
    ((ArrayNode) props.get("subscription").get("enum")).add("FAMILY");

    assertThat(SchemaCompatibility.check(previous, next)).containsExactlyInAnyOrder(
        "$.duration_ms: type changed from [integer] to [string]",
        "$.bitrate: enum values removed [128] (events already written carry them)",
        "$.subscription: enum values added [\"FAMILY\"] to a required field (older consumers reject them)");
  }

  @Test
  void removedFieldsAndClosedObjectsAreCaughtInsideNestedObjects() {
    JsonNode previous = json("""
        {"type":"object","required":["a"],"properties":{
          "a":{"type":"object","required":["b"],"properties":{"b":{"type":"string"},"c":{"type":"integer"}}}}}""");
    JsonNode next = json("""
        {"type":"object","required":["a"],"additionalProperties":false,"properties":{
          "a":{"type":"object","required":["b"],"properties":{"b":{"type":"string"}}}}}""");

    assertThat(SchemaCompatibility.check(previous, next)).containsExactlyInAnyOrder(
        "$.a.c: field removed",
        "$: additionalProperties is now false (events with fields added later would be rejected)");
  }

  @Test
  void theValidatorRejectsAMalformedPlayEventWithReadableReasons() {
    EventSchemas.Validator validator = EventSchemas.validator(EventSchemas.PLAY_EVENT);
    JsonNode event = json("""
        {"schema_version":2,"event_id":"not-a-uuid","user_id":"u1","subscription":"GOLD","song_id":"s1",
         "duration_ms":-5,"bitrate":192,"played_at":"yesterday","received_at":"2026-11-29T00:00:00Z"}""");

    List<String> errors = validator.validate(event);

    assertThat(errors).hasSize(5);
    assertThat(String.join("\n", errors))
        .contains("event_id").contains("subscription").contains("duration_ms").contains("bitrate").contains("played_at");
  }

  private static JsonNode latest(String name) {
    List<JsonNode> versions = EventSchemas.versions(name);
    return versions.get(versions.size() - 1);
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

}
