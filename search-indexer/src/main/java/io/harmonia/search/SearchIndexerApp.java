package io.harmonia.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.clients.KafkaSettings;
import io.harmonia.clients.PostgresClients;
import io.harmonia.clients.SearchClients;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.search.indexer.BulkIndexer;
import io.harmonia.search.indexer.CatalogEventIndexer;
import io.harmonia.search.indexer.WriteTargets;
import io.harmonia.search.relay.OutboxRelay;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search pipeline's long-running process: the outbox relay (PostgreSQL → Kafka) and the
 * indexer (Kafka → Elasticsearch), each on its own thread. They share nothing but the process;
 * running two of these processes is safe (the second relay stands by, the second indexer shares the
 * topic's partitions through the consumer group).
 */
public final class SearchIndexerApp {

  private static final Logger log = LoggerFactory.getLogger(SearchIndexerApp.class);

  private SearchIndexerApp() {}

  public static void main(String[] args) throws InterruptedException, IOException {
    HarmoniaConfig config = HarmoniaConfig.fromEnvironment();
    Settings settings = Settings.from(config);

    HikariDataSource db = PostgresClients.dataSource(config, "outbox-relay", 2);
    KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings.producerProps(config));
    KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings.consumerProps(config));
    ElasticsearchClient es = SearchClients.elasticsearch(config);

    OutboxRelay relay = new OutboxRelay(db, producer, settings.relayBatchSize(), settings.ackTimeout().toMillis());
    CatalogEventIndexer indexer = new CatalogEventIndexer(consumer, new BulkIndexer(es, WriteTargets.live(es)));

    Thread relayThread = new Thread(() -> relay.run(settings.relayPollInterval(), Duration.ofSeconds(1)), "outbox-relay");
    Thread indexerThread = new Thread(() -> {
      try {
        indexer.run(OutboxRelay.TOPIC, Duration.ofMillis(500));
      } catch (org.apache.kafka.common.errors.WakeupException e) {
        // stopping
      }
    }, "search-indexer");

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping the relay and the indexer");
      relayThread.interrupt();
      consumer.wakeup();
      indexerThread.interrupt();
      try {
        relayThread.join(10_000);
        indexerThread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      producer.close(Duration.ofSeconds(5));
      consumer.close(Duration.ofSeconds(5));
      db.close();
      try {
        es._transport().close();
      } catch (IOException e) {
        log.debug("closing the Elasticsearch client", e);
      }
      log.info("stopped; indexed {}", indexer.totals());
    }, "search-indexer-shutdown"));

    relayThread.start();
    indexerThread.start();
    log.info("outbox relay and search indexer running (batch {}, poll {} ms, group {})",
        settings.relayBatchSize(), settings.relayPollInterval().toMillis(), settings.consumerGroup());
    indexerThread.join();
  }

  /** The process's knobs; README lists each variable. */
  public record Settings(int relayBatchSize, Duration relayPollInterval, Duration ackTimeout, String consumerGroup,
      int maxPollRecords) {

    public static Settings from(HarmoniaConfig config) {
      return new Settings(
          config.getInt("HARMONIA_RELAY_BATCH_SIZE", 500),
          Duration.ofMillis(config.getLong("HARMONIA_RELAY_POLL_MS", 200)),
          Duration.ofSeconds(35),
          config.get("HARMONIA_INDEXER_GROUP", "search-indexer"),
          config.getInt("HARMONIA_INDEXER_MAX_POLL_RECORDS", 1000));
    }

    public Map<String, Object> producerProps(HarmoniaConfig config) {
      Map<String, Object> props = KafkaSettings.producer(config, "outbox-relay");
      // fail a batch within the ack timeout instead of blocking on a broker that is gone
      props.put("max.block.ms", "10000");
      props.put("request.timeout.ms", "15000");
      props.put("delivery.timeout.ms", "30000");
      props.put("linger.ms", "5");
      return props;
    }

    public Map<String, Object> consumerProps(HarmoniaConfig config) {
      Map<String, Object> props = KafkaSettings.consumer(config, consumerGroup);
      props.put("client.id", "search-indexer");
      props.put("max.poll.records", Integer.toString(maxPollRecords));
      return props;
    }
  }
}
