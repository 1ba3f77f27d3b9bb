package io.harmonia.schemas.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Catalog events ({@code events/catalog-event/v1.json}) written to the PostgreSQL outbox in the
 * writer's transaction; the search relay publishes them to Kafka {@code catalog-events} as they are.
 *
 * <p>An event's {@code version} and {@code event_id} are its outbox row's id, drawn from the outbox's
 * sequence before the insert so the payload is complete when the row commits; the indexer applies
 * the version as Elasticsearch's external version. Writers lock an entity's row before writing its
 * outbox row, so an entity's outbox ids follow its changes.
 */
public final class CatalogOutbox {

  public static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private CatalogOutbox() {}

  /**
   * Writes one upsert event per document, in the list's order (ids ascend with it), in one batch;
   * returns the number of rows written.
   */
  public static int writeUpserts(Connection c, List<? extends SearchDocuments.Document> documents,
      Instant occurredAt) throws SQLException {
    if (documents.isEmpty()) {
      return 0;
    }
    List<Long> ids = nextIds(c, documents.size());
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO outbox (id, entity_type, entity_id, op, payload) OVERRIDING SYSTEM VALUE"
            + " VALUES (?, ?, ?, 'upsert', ?::jsonb)")) {
      for (int i = 0; i < documents.size(); i++) {
        SearchDocuments.Document doc = documents.get(i);
        s.setLong(1, ids.get(i));
        s.setString(2, doc.entityType());
        s.setString(3, doc.entityId());
        s.setString(4, upsert(ids.get(i), doc.entityType(), doc.entityId(), occurredAt, doc.toJson()).toString());
        s.addBatch();
      }
      s.executeBatch();
    }
    return documents.size();
  }

  /** An upsert event carrying the entity's full search document. */
  public static ObjectNode upsert(long outboxId, String entityType, String entityId, Instant occurredAt,
      ObjectNode document) {
    ObjectNode event = JSON.createObjectNode();
    event.put("schema_version", SCHEMA_VERSION);
    event.put("event_id", Long.toString(outboxId));
    event.put("entity_type", entityType);
    event.put("entity_id", entityId);
    event.put("op", "upsert");
    event.put("version", outboxId);
    event.put("occurred_at", occurredAt.truncatedTo(ChronoUnit.MILLIS).toString());
    event.set("document", document);
    return event;
  }

  /** Ids drawn from the outbox's sequence in one round trip, ascending. */
  private static List<Long> nextIds(Connection c, int n) throws SQLException {
    List<Long> ids = new ArrayList<>(n);
    try (PreparedStatement q = c.prepareStatement(
        "SELECT nextval(pg_get_serial_sequence('outbox', 'id')) FROM generate_series(1, ?)")) {
      q.setInt(1, n);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          ids.add(r.getLong(1));
        }
      }
    }
    ids.sort(null);
    return ids;
  }
}
