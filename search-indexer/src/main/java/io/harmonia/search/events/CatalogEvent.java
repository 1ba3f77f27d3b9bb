package io.harmonia.search.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A change to a song, artist or album on topic {@code catalog-events}
 * ({@code schemas/.../events/catalog-event/v1.json}). {@code version} is the outbox row id: it only
 * grows for one entity, so it is the Elasticsearch external version of the document.
 */
public record CatalogEvent(String entityType, String entityId, Op op, long version, Instant occurredAt,
    ObjectNode document) {

  public static final int SCHEMA_VERSION = 1;
  public static final Set<String> ENTITY_TYPES = Set.of("song", "artist", "album");
  private static final Pattern ENTITY_ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
  private static final ObjectMapper JSON = new ObjectMapper();

  public enum Op { UPSERT, DELETE }

  public CatalogEvent {
    if (!ENTITY_TYPES.contains(entityType)) {
      throw new IllegalArgumentException("unknown entity_type '" + entityType + "'");
    }
    if (entityId == null || !ENTITY_ID.matcher(entityId).matches()) {
      throw new IllegalArgumentException("malformed entity_id '" + entityId + "'");
    }
    // 0 is the version of a document rebuilt by a reindex for an entity without outbox rows
    if (version < 0) {
      throw new IllegalArgumentException("version must be >= 0, got " + version);
    }
    if (op == Op.UPSERT && document == null) {
      throw new IllegalArgumentException("an upsert needs a document");
    }
  }

  /** The event as it travels on the topic (JSON, the schema's field names). */
  public byte[] toBytes() {
    ObjectNode event = JSON.createObjectNode();
    event.put("schema_version", SCHEMA_VERSION);
    event.put("event_id", Long.toString(version));
    event.put("entity_type", entityType);
    event.put("entity_id", entityId);
    event.put("op", op.name().toLowerCase(java.util.Locale.ROOT));
    event.put("version", version);
    event.put("occurred_at", occurredAt.toString());
    if (document == null) {
      event.putNull("document");
    } else {
      event.set("document", document);
    }
    try {
      return JSON.writeValueAsBytes(event);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses a record value; a malformed one is an {@link IllegalArgumentException} with the reason. */
  public static CatalogEvent parse(byte[] value) {
    JsonNode node;
    try {
      node = JSON.readTree(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String op = text(node, "op");
    Op parsedOp = switch (op) {
      case "upsert" -> Op.UPSERT;
      case "delete" -> Op.DELETE;
      default -> throw new IllegalArgumentException("unknown op '" + op + "'");
    };
    JsonNode version = node.get("version");
    if (version == null || !version.canConvertToLong() || version.asLong() < 1) {
      throw new IllegalArgumentException("version is missing or not a positive integer");
    }
    JsonNode document = node.get("document");
    Instant occurredAt;
    try {
      occurredAt = Instant.parse(text(node, "occurred_at"));
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("occurred_at is not an ISO-8601 instant", e);
    }
    return new CatalogEvent(text(node, "entity_type"), text(node, "entity_id"), parsedOp, version.asLong(),
        occurredAt, document != null && document.isObject() ? (ObjectNode) document : null);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(field + " is missing or not a string");
    }
    return value.asText();
  }
}
