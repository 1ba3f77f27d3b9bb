package io.harmonia.search.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.clients.PostgresClients;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.search.SearchIndexerApp;
import io.harmonia.search.testing.CatalogWrites;
import io.harmonia.search.testing.TopicReader;
import io.harmonia.search.testing.TopicReader.Received;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The relay against the real PostgreSQL outbox and the real Kafka topic. */
class OutboxRelayIT {

  private static final HarmoniaConfig CONFIG = HarmoniaConfig.fromEnvironment();
  private static HikariDataSource db;
  private static final List<KafkaProducer<String, byte[]>> producers = new ArrayList<>();

  @BeforeAll
  static void connect() {
    db = PostgresClients.dataSource(CONFIG, "relay-it", 6);
  }

  @AfterAll
  static void close() {
    producers.forEach(KafkaProducer::close);
    db.close();
  }

  private static OutboxRelay relay(int batchSize) {
    KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
        SearchIndexerApp.Settings.from(CONFIG).producerProps(CONFIG));
    producers.add(producer);
    return new OutboxRelay(db, producer, batchSize, 30_000);
  }

  @Test
  void publishesRowsInIdOrderKeyedByEntityAndMarksThemAfterTheAck() throws Exception {
    Map<String, List<Long>> written = writeInterleaved(3, 10);
    try (TopicReader reader = new TopicReader(CONFIG, OutboxRelay.TOPIC)) {
      OutboxRelay relay = relay(7);
      while (!allPublished(written)) {
        assertThat(relay.publishBatch().holdsLock()).isTrue();
      }
      List<Received> received = reader.readUntil(e -> written.containsKey(e.entityId()),
          r -> r.size() >= 30, Duration.ofSeconds(30));

      assertThat(received).allSatisfy(r -> assertThat(r.key()).isEqualTo(r.event().entityId()));
      assertThat(versionsPerEntity(received)).isEqualTo(written);
      assertThat(received).allSatisfy(r -> assertThat(r.event().document().get("title").asText())
          .isEqualTo("take " + r.event().version()));
    }
  }

  @Test
  void twoRelaysAtOnceKeepEachEntitysOrderAndPublishEveryRowOnce() throws Exception {
    try (TopicReader reader = new TopicReader(CONFIG, OutboxRelay.TOPIC)) {
      Thread first = new Thread(() -> relay(5).run(Duration.ofMillis(10), Duration.ofMillis(10)));
      Thread second = new Thread(() -> relay(5).run(Duration.ofMillis(10), Duration.ofMillis(10)));
      first.start();
      second.start();
      Map<String, List<Long>> written;
      try {
        written = writeInterleaved(4, 50); // while both relays poll
        Map<String, List<Long>> rows = written;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> allPublished(rows));
      } finally {
        first.interrupt();
        second.interrupt();
        first.join(10_000);
        second.join(10_000);
      }
      assertThat(allPublished(written)).isTrue();
      List<Received> received = reader.readUntil(e -> written.containsKey(e.entityId()),
          r -> r.size() >= 200, Duration.ofSeconds(30));
      assertThat(received).hasSize(200);
      assertThat(versionsPerEntity(received)).isEqualTo(written);
    }
  }

  @Test
  void aRelayStandsByWhileAnotherHoldsTheLock() throws Exception {
    OutboxRelay relay = relay(10);
    try (Connection other = db.getConnection()) {
      other.setAutoCommit(false);
      try (PreparedStatement st = other.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        st.setLong(1, OutboxRelay.LOCK_KEY);
        st.executeQuery().close();
      }
      assertThat(relay.publishBatch().holdsLock()).isFalse();
      other.commit();
    }
    assertThat(relay.publishBatch().holdsLock()).isTrue();
  }

  /** {@code rows} outbox rows for each of {@code entities} new songs, interleaved; ids per entity in order. */
  private static Map<String, List<Long>> writeInterleaved(int entities, int rows) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < entities; i++) {
      ids.add(CatalogWrites.uniqueId("s"));
    }
    Map<String, List<Long>> written = new LinkedHashMap<>();
    for (int r = 0; r < rows; r++) {
      for (String id : ids) {
        written.computeIfAbsent(id, k -> new ArrayList<>()).add(insertNamingItsId(id));
      }
    }
    return written;
  }

  /**
   * One outbox row whose document's title names the row id, drawn first from the identity's
   * sequence (as ingest does), so the test can check that payload and version travel together.
   */
  private static long insertNamingItsId(String songId) throws Exception {
    try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement("""
        WITH n AS (SELECT nextval(pg_get_serial_sequence('outbox', 'id')) AS id)
        INSERT INTO outbox (id, entity_type, entity_id, op, payload) OVERRIDING SYSTEM VALUE
        SELECT id, 'song', ?, 'upsert', jsonb_build_object('document', jsonb_build_object('song_id', ?, 'title', 'take ' || id))
          FROM n
        RETURNING id""")) {
      st.setString(1, songId);
      st.setString(2, songId);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static Map<String, List<Long>> versionsPerEntity(List<Received> received) {
    Map<String, List<Long>> versions = new LinkedHashMap<>();
    for (Received r : received) {
      versions.computeIfAbsent(r.event().entityId(), k -> new ArrayList<>()).add(r.event().version());
    }
    return versions;
  }

  private static boolean allPublished(Map<String, List<Long>> written) throws Exception {
    Set<String> ids = written.keySet();
    try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(
        "SELECT count(*) FROM outbox WHERE entity_id = ANY (?) AND published_at IS NULL")) {
      st.setArray(1, c.createArrayOf("text", ids.toArray()));
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1) == 0;
      }
    }
  }
}
