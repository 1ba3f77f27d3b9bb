package io.harmonia.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.clients.PostgresClients;
import io.harmonia.clients.SearchClients;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.search.indexer.BulkIndexer;
import io.harmonia.search.indexer.CatalogEventIndexer;
import io.harmonia.search.indexer.WriteTargets;
import io.harmonia.search.relay.OutboxRelay;
import java.io.IOException;
import java.time.Duration;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox relay (PostgreSQL → Kafka) and the indexer (Kafka → Elasticsearch), each on its own
 * thread, with the clients they own. {@link SearchIndexerApp} runs one; tests run one in-process.
 */
public final class SearchPipeline implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SearchPipeline.class);

  private final HikariDataSource db;
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final ElasticsearchClient es;
  private final CatalogEventIndexer indexer;
  private final Thread relayThread;
  private final Thread indexerThread;

  private SearchPipeline(HarmoniaConfig config, SearchIndexerApp.Settings settings) {
    db = PostgresClients.dataSource(config, "outbox-relay", 2);
    producer = new KafkaProducer<>(settings.producerProps(config));
    consumer = new KafkaConsumer<>(settings.consumerProps(config));
    es = SearchClients.elasticsearch(config);
    OutboxRelay relay = new OutboxRelay(db, producer, settings.relayBatchSize(), settings.ackTimeout().toMillis());
    indexer = new CatalogEventIndexer(consumer, new BulkIndexer(es, WriteTargets.live(es)));
    relayThread = new Thread(() -> relay.run(settings.relayPollInterval(), Duration.ofSeconds(1)), "outbox-relay");
    indexerThread = new Thread(() -> {
      try {
        indexer.run(OutboxRelay.TOPIC, Duration.ofMillis(500));
      } catch (WakeupException e) {
        // being closed
      }
    }, "search-indexer");
  }

  public static SearchPipeline start(HarmoniaConfig config, SearchIndexerApp.Settings settings) {
    SearchPipeline pipeline = new SearchPipeline(config, settings);
    pipeline.relayThread.start();
    pipeline.indexerThread.start();
    return pipeline;
  }

  public CatalogEventIndexer.Totals totals() {
    return indexer.totals();
  }

  /** Waits until the indexer stops (it runs until {@link #close}). */
  public void awaitTermination() throws InterruptedException {
    indexerThread.join();
  }

  @Override
  public void close() {
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
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    db.close();
    try {
      es._transport().close();
    } catch (IOException e) {
      log.debug("closing the Elasticsearch client", e);
    }
  }
}
