package io.harmonia.search.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.clients.KafkaSettings;
import io.harmonia.clients.SearchClients;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.search.SearchIndexerApp;
import io.harmonia.search.events.CatalogEvent;
import io.harmonia.search.testing.CatalogWrites;
import io.harmonia.search.testing.TestIndices;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The indexer against the real Elasticsearch (indices of this test, built from the project's
 * definitions) and the real Kafka (a topic of this test): external versions make duplicates and
 * reordering harmless, and offsets are committed once the bulk is in.
 */
class CatalogEventIndexerIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HarmoniaConfig CONFIG = HarmoniaConfig.fromEnvironment();
  private static ElasticsearchClient es;
  private static TestIndices indices;
  private static BulkIndexer bulk;

  @BeforeAll
  static void createIndices() throws Exception {
    es = SearchClients.elasticsearch(CONFIG);
    indices = new TestIndices(es, "indexer");
    bulk = new BulkIndexer(es, WriteTargets.fixed(indices.indexPerType()));
  }

  @AfterAll
  static void dropIndices() throws Exception {
    indices.close();
    es._transport().close();
  }

  @Test
  void olderAndRepeatedEventsNeverMoveADocumentBackwards() throws Exception {
    String id = CatalogWrites.uniqueId("s");
    assertThat(bulk.apply(List.of(upsert(id, 5, "five")))).isEqualTo(new BulkIndexer.Outcome(1, 0, 0));
    assertThat(bulk.apply(List.of(upsert(id, 3, "three")))).isEqualTo(new BulkIndexer.Outcome(0, 1, 0));
    assertThat(bulk.apply(List.of(upsert(id, 5, "five again")))).isEqualTo(new BulkIndexer.Outcome(0, 1, 0));

    GetResponse<ObjectNode> doc = es.get(g -> g.index(indices.index("song")).id(id), ObjectNode.class);
    assertThat(doc.version()).isEqualTo(5);
    assertThat(doc.source().get("title").asText()).isEqualTo("five");
  }

  @Test
  void aDeleteWinsOverAnOlderUpsertArrivingAfterIt() throws Exception {
    String id = CatalogWrites.uniqueId("s");
    bulk.apply(List.of(upsert(id, 1, "first")));
    bulk.apply(List.of(new CatalogEvent("song", id, CatalogEvent.Op.DELETE, 7, Instant.now(), null)));
    assertThat(bulk.apply(List.of(upsert(id, 6, "late")))).isEqualTo(new BulkIndexer.Outcome(0, 1, 0));
    assertThat(es.exists(e -> e.index(indices.index("song")).id(id)).value()).isFalse();
  }

  @Test
  void aDocumentTheMappingRefusesIsCountedNotRetriedForever() throws Exception {
    String id = CatalogWrites.uniqueId("s");
    ObjectNode doc = JSON.createObjectNode().put("song_id", id).put("title", "t").put("release_year", "not a year");
    BulkIndexer.Outcome outcome = bulk.apply(List.of(new CatalogEvent("song", id, CatalogEvent.Op.UPSERT, 1,
        Instant.now(), doc)));
    assertThat(outcome).isEqualTo(new BulkIndexer.Outcome(0, 0, 1));
  }

  @Test
  void theConsumerAppliesATopicOutOfOrderWithDuplicatesAndCommitsAfterTheBulk() throws Exception {
    String topic = "catalog-events-it-" + UUID.randomUUID().toString().substring(0, 8);
    String group = "indexer-it-" + UUID.randomUUID();
    try (Admin admin = Admin.create(KafkaSettings.admin(CONFIG))) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
      try {
        String a = CatalogWrites.uniqueId("s");
        String b = CatalogWrites.uniqueId("ar");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
            SearchIndexerApp.Settings.from(CONFIG).producerProps(CONFIG))) {
          for (CatalogEvent e : List.of(upsert(a, 10, "ten"), upsert(a, 12, "twelve"), upsert(a, 11, "eleven"),
              upsert(a, 12, "twelve again"), artist(b, 4, "Björk"), artist(b, 2, "Bjork (old)"))) {
            producer.send(new ProducerRecord<>(topic, e.entityId(), e.toBytes()));
          }
          producer.send(new ProducerRecord<>(topic, "junk", "{not json".getBytes(StandardCharsets.UTF_8)));
          producer.flush();
        }
        Map<String, Object> props = SearchIndexerApp.Settings.from(CONFIG).consumerProps(CONFIG);
        props.put("group.id", group);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props);
        CatalogEventIndexer indexer = new CatalogEventIndexer(consumer, bulk);
        Thread thread = new Thread(() -> {
          try {
            indexer.run(topic, Duration.ofMillis(200));
          } catch (org.apache.kafka.common.errors.WakeupException e) {
            // stopped
          } finally {
            consumer.close();
          }
        });
        thread.start();
        try {
          await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(indexer.totals().malformed()).isEqualTo(1);
            assertThat(committed(admin, group)).isEqualTo(endOffsets(admin, topic));
          });
        } finally {
          consumer.wakeup();
          thread.join(10_000);
        }
        GetResponse<ObjectNode> song = es.get(g -> g.index(indices.index("song")).id(a), ObjectNode.class);
        assertThat(song.version()).isEqualTo(12);
        assertThat(song.source().get("title").asText()).isIn("twelve", "twelve again");
        GetResponse<ObjectNode> artist = es.get(g -> g.index(indices.index("artist")).id(b), ObjectNode.class);
        assertThat(artist.version()).isEqualTo(4);
        assertThat(artist.source().get("name").asText()).isEqualTo("Björk");
      } finally {
        admin.deleteTopics(List.of(topic)).all().get();
      }
    }
  }

  private static Map<TopicPartition, Long> committed(Admin admin, String group) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get();
    return offsets.entrySet().stream().filter(e -> e.getValue() != null)
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
    for (int p = 0; p < 3; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    return admin.listOffsets(request).all().get().entrySet().stream().filter(e -> e.getValue().offset() > 0)
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  private static CatalogEvent upsert(String songId, long version, String title) {
    return new CatalogEvent("song", songId, CatalogEvent.Op.UPSERT, version, Instant.now(),
        JSON.createObjectNode().put("song_id", songId).put("title", title).put("artist", "A").put("play_count", 0));
  }

  private static CatalogEvent artist(String artistId, long version, String name) {
    return new CatalogEvent("artist", artistId, CatalogEvent.Op.UPSERT, version, Instant.now(),
        JSON.createObjectNode().put("artist_id", artistId).put("name", name).put("play_count", 0));
  }
}
