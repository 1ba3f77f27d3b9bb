package io.harmonia.search.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.search.Backoff;
import io.harmonia.search.events.CatalogEvent;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the PostgreSQL outbox to Kafka {@code catalog-events}, keyed by entity id, in outbox id
 * order, and marks rows published only after Kafka acknowledged them.
 *
 * <p><b>One relay publishes at a time.</b> Each batch runs in one transaction that first takes a
 * transaction-level advisory lock; a second relay that cannot take it publishes nothing and
 * retries later (a hot standby, which takes over within a poll interval when the first one dies,
 * since its lock goes with its session). Row locks alone ({@code FOR UPDATE SKIP LOCKED}) would let
 * two relays publish ids 1–100 and 101–200 at the same moment, and a later change of an entity
 * could then reach Kafka before an earlier one. Under the lock, the batch reads the oldest
 * unpublished rows, sends them all, waits for every acknowledgement, marks them and commits;
 * PostgreSQL makes the commit visible before it releases the lock, so the next holder never sees
 * these rows as unpublished.
 *
 * <p>Publishing is at least once: a crash after the acknowledgement and before the commit sends the
 * batch again. The indexer applies events with external versions, so a repeat changes nothing.
 *
 * <p>The event is built from the row: {@code version} and {@code event_id} are the row id,
 * {@code entity_type}, {@code entity_id} and {@code op} its columns, whatever the writer put in the
 * payload, from which only {@code document} and {@code occurred_at} are taken. So a writer cannot
 * get the external version wrong, whether or not it knew its row's id when it wrote the payload.
 */
public final class OutboxRelay {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  /** The advisory lock key of the relay: any bigint the rest of the system does not use. */
  static final long LOCK_KEY = 0x4841524d4f4e4941L; // "HARMONIA"
  public static final String TOPIC = "catalog-events";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String SELECT_BATCH = """
      SELECT id, entity_type, entity_id, op, payload::text, created_at
        FROM outbox
       WHERE published_at IS NULL
       ORDER BY id
       LIMIT ?""";
  private static final String MARK_PUBLISHED = "UPDATE outbox SET published_at = now() WHERE id = ANY (?)";

  private final DataSource db;
  private final Producer<String, byte[]> producer;
  private final int batchSize;
  private final long ackTimeoutMs;

  public OutboxRelay(DataSource db, Producer<String, byte[]> producer, int batchSize, long ackTimeoutMs) {
    this.db = db;
    this.producer = producer;
    this.batchSize = batchSize;
    this.ackTimeoutMs = ackTimeoutMs;
  }

  /** What one call of {@link #publishBatch} did. */
  public record BatchResult(boolean holdsLock, int published) {
    static final BatchResult STANDBY = new BatchResult(false, 0);
  }

  /**
   * Publishes until the thread is interrupted: at once again after a full batch, after the poll
   * interval when caught up, after the standby interval while another relay holds the lock, with a
   * growing back-off while PostgreSQL or Kafka fails.
   */
  public void run(Duration pollInterval, Duration standbyInterval) {
    Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
    boolean standby = false;
    while (!Thread.currentThread().isInterrupted()) {
      Duration wait;
      try {
        BatchResult result = publishBatch();
        backoff.reset();
        if (result.holdsLock() == standby) {
          standby = !result.holdsLock();
          log.info(standby ? "another relay is publishing; standing by" : "publishing the outbox");
        }
        wait = !result.holdsLock() ? standbyInterval : result.published() < batchSize ? pollInterval : Duration.ZERO;
      } catch (SQLException | RelayException | RuntimeException e) {
        wait = backoff.next();
        log.warn("publishing the outbox failed, retrying in {} ms: {}", wait.toMillis(), e.toString());
      }
      if (!wait.isZero() && !Backoff.pause(wait)) {
        return;
      }
    }
  }

  /** Publishes the oldest unpublished rows, up to the batch size, if no other relay is publishing. */
  public BatchResult publishBatch() throws SQLException, RelayException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        if (!tryLock(c)) {
          c.rollback();
          return BatchResult.STANDBY;
        }
        List<OutboxRow> rows = oldestUnpublished(c);
        if (!rows.isEmpty()) {
          publish(rows);
          markPublished(c, rows);
        }
        c.commit();
        return new BatchResult(true, rows.size());
      } catch (SQLException | RelayException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  private static boolean tryLock(Connection c) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
      st.setLong(1, LOCK_KEY);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  record OutboxRow(long id, String entityType, String entityId, String op, String payload, Instant createdAt) {}

  private List<OutboxRow> oldestUnpublished(Connection c) throws SQLException {
    List<OutboxRow> rows = new ArrayList<>();
    try (PreparedStatement st = c.prepareStatement(SELECT_BATCH)) {
      st.setInt(1, batchSize);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          rows.add(new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
              rs.getTimestamp(6).toInstant()));
        }
      }
    }
    return rows;
  }

  private void publish(List<OutboxRow> rows) throws RelayException {
    List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
    for (OutboxRow row : rows) {
      CatalogEvent event;
      try {
        event = toEvent(row);
      } catch (IllegalArgumentException e) {
        // Left unpublished it would block every row after it; it stays in the table for inspection.
        log.error("outbox row {} ({} {}) cannot become a catalog event and is skipped: {}",
            row.id(), row.entityType(), row.entityId(), e.getMessage());
        continue;
      }
      acks.add(producer.send(new ProducerRecord<>(TOPIC, event.entityId(), event.toBytes())));
    }
    producer.flush();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ackTimeoutMs);
    for (Future<RecordMetadata> ack : acks) {
      try {
        ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | TimeoutException e) {
        throw new RelayException("Kafka did not acknowledge the batch starting at outbox id " + rows.get(0).id(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RelayException("interrupted while waiting for Kafka", e);
      }
    }
  }

  static CatalogEvent toEvent(OutboxRow row) {
    JsonNode payload;
    try {
      payload = JSON.readTree(row.payload());
    } catch (IOException e) {
      throw new IllegalArgumentException("payload is not JSON", e);
    }
    CatalogEvent.Op op = switch (row.op()) {
      case "upsert" -> CatalogEvent.Op.UPSERT;
      case "delete" -> CatalogEvent.Op.DELETE;
      default -> throw new IllegalArgumentException("unknown op " + row.op());
    };
    JsonNode document = payload.path("document");
    return new CatalogEvent(row.entityType(), row.entityId(), op, row.id(), occurredAt(payload, row.createdAt()),
        op == CatalogEvent.Op.UPSERT && document.isObject() ? (ObjectNode) document : null);
  }

  private static Instant occurredAt(JsonNode payload, Instant fallback) {
    JsonNode value = payload.path("occurred_at");
    if (value.isTextual()) {
      try {
        return Instant.parse(value.asText());
      } catch (DateTimeParseException e) {
        return fallback;
      }
    }
    return fallback;
  }

  private static void markPublished(Connection c, List<OutboxRow> rows) throws SQLException {
    Long[] ids = rows.stream().map(OutboxRow::id).toArray(Long[]::new);
    try (PreparedStatement st = c.prepareStatement(MARK_PUBLISHED)) {
      Array array = c.createArrayOf("bigint", ids);
      st.setArray(1, array);
      st.executeUpdate();
    }
  }

  /** Kafka did not take a batch; nothing was marked, and the batch is published again later. */
  public static final class RelayException extends Exception {
    RelayException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
