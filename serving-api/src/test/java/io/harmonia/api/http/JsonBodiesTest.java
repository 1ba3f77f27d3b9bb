package io.harmonia.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;

class JsonBodiesTest {

  record Example(String name, int count) {}

  @Test
  void jsonContentTypesAreAccepted() {
    assertThatCode(() -> JsonBodies.requireJsonContentType("application/json")).doesNotThrowAnyException();
    assertThatCode(() -> JsonBodies.requireJsonContentType("application/json; charset=utf-8")).doesNotThrowAnyException();
    assertThatCode(() -> JsonBodies.requireJsonContentType("Application/JSON")).doesNotThrowAnyException();
    assertThatCode(() -> JsonBodies.requireJsonContentType("application/merge-patch+json")).doesNotThrowAnyException();
  }

  @Test
  void otherContentTypesAre415() {
    for (String type : new String[] {null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"}) {
      assertThatThrownBy(() -> JsonBodies.requireJsonContentType(type))
          .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(415));
    }
  }

  @Test
  void describesMalformedJsonWithItsPosition() {
    assertThat(describe("{\"name\": \"x\",}")).startsWith("malformed JSON at line 1, column");
  }

  @Test
  void namesUnknownFieldsAndTheExpectedOnes() {
    assertThat(describe("{\"name\": \"x\", \"cuont\": 1}")).isEqualTo("unknown field 'cuont' (expected fields: count, name)");
  }

  @Test
  void namesWronglyTypedFields() {
    assertThat(describe("{\"name\": 5, \"count\": 1}")).isEqualTo("field 'name' must be a string");
    assertThat(describe("{\"name\": \"x\", \"count\": \"many\"}")).isEqualTo("field 'count' must be a number");
    assertThat(describe("[1, 2]")).isEqualTo("the request body must be a JSON object");
  }

  @Test
  void numbersAndBooleansAreNotCoercedFromOtherTypes() {
    record Typed(Integer position, Long version, Boolean flag) {}
    for (String json : new String[] {"{\"position\": 1.5}", "{\"position\": \"3\"}", "{\"version\": true}",
        "{\"flag\": \"true\"}", "{\"flag\": 1}"}) {
      try {
        Json.MAPPER.readValue(json, Typed.class);
        throw new AssertionError("expected " + json + " to be refused");
      } catch (JsonProcessingException e) {
        assertThat(JsonBodies.describe(e)).as(json).startsWith("field '");
      }
    }
  }

  @Test
  void mapsSnakeCaseOnTheWire() throws Exception {
    record TwoWords(String displayName) {}
    assertThat(Json.write(new TwoWords("Ada"))).isEqualTo("{\"display_name\":\"Ada\"}");
    assertThat(Json.MAPPER.readValue("{\"display_name\":\"Ada\"}", TwoWords.class).displayName()).isEqualTo("Ada");
  }

  private static String describe(String json) {
    try {
      Json.MAPPER.readValue(json, Example.class);
      throw new AssertionError("expected " + json + " to be refused");
    } catch (JsonProcessingException e) {
      return JsonBodies.describe(e);
    }
  }
}
