package io.harmonia.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The event schemas of the Kafka topics, as JSON Schema (draft 2020-12) files on the classpath:
 * {@code events/<name>/v<N>.json}, versions numbered from 1 without gaps. Producers validate
 * against the latest version; {@link SchemaCompatibility} checks that each version stays
 * compatible with the one before.
 */
public final class EventSchemas {

  /** Topic {@code play-events}: a listen, keyed by user id. */
  public static final String PLAY_EVENT = "play-event";
  /** Topic {@code play-events-dlq}: a play-events record the pipeline refused, with the reason. */
  public static final String PLAY_EVENT_DLQ = "play-event-dlq";
  /** Topic {@code catalog-events}: a catalog change from the outbox, keyed by entity id. */
  public static final String CATALOG_EVENT = "catalog-event";

  private static final ObjectMapper JSON = new ObjectMapper();

  private EventSchemas() {}

  /** Every version of a schema, oldest first. */
  public static List<JsonNode> versions(String name) {
    List<JsonNode> versions = new ArrayList<>();
    for (int v = 1; ; v++) {
      JsonNode schema = read("events/" + name + "/v" + v + ".json");
      if (schema == null) {
        break;
      }
      versions.add(schema);
    }
    if (versions.isEmpty()) {
      throw new IllegalArgumentException("no schema named " + name + " (expected events/" + name + "/v1.json)");
    }
    return versions;
  }

  public static int latestVersion(String name) {
    return versions(name).size();
  }

  /** A validator for the latest version of the named schema. Thread-safe; build it once. */
  public static Validator validator(String name) {
    List<JsonNode> versions = versions(name);
    return new Validator(name, versions.size(), versions.get(versions.size() - 1));
  }

  /** A validator for a schema document (for tests and tools comparing versions). */
  public static Validator validator(String name, int version, JsonNode schema) {
    return new Validator(name, version, schema);
  }

  /** Validates events against one version of a schema. */
  public static final class Validator {
    private final String name;
    private final int version;
    private final JsonSchema schema;

    private Validator(String name, int version, JsonNode schemaDocument) {
      this.name = name;
      this.version = version;
      // Formats (uuid, date-time) are assertions here, not annotations: a malformed id is an error.
      SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
      this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaDocument, config);
    }

    public String name() {
      return name;
    }

    public int version() {
      return version;
    }

    /** The violations, each a readable sentence; empty when the event is valid. */
    public List<String> validate(JsonNode event) {
      Set<ValidationMessage> messages = schema.validate(event);
      List<String> errors = new ArrayList<>(messages.size());
      for (ValidationMessage message : messages) {
        errors.add(message.getMessage());
      }
      errors.sort(null);
      return errors;
    }
  }

  static JsonNode read(String resource) {
    try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(resource)) {
      return in == null ? null : JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
