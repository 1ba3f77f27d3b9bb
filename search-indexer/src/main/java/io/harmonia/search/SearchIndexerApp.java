package io.harmonia.search;

import io.harmonia.clients.KafkaSettings;
import io.harmonia.config.HarmoniaConfig;
import java.time.Duration;
import java.util.Map;
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

  public static void main(String[] args) throws InterruptedException {
    HarmoniaConfig config = HarmoniaConfig.fromEnvironment();
    Settings settings = Settings.from(config);
    SearchPipeline pipeline = SearchPipeline.start(config, settings);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping the relay and the indexer");
      pipeline.close();
      log.info("stopped; indexed {}", pipeline.totals());
    }, "search-indexer-shutdown"));
    log.info("outbox relay and search indexer running (batch {}, poll {} ms, group {})",
        settings.relayBatchSize(), settings.relayPollInterval().toMillis(), settings.consumerGroup());
    pipeline.awaitTermination();
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

    /** The same settings for another consumer group (tests run their own). */
    public Settings withConsumerGroup(String group) {
      return new Settings(relayBatchSize, relayPollInterval, ackTimeout, group, maxPollRecords);
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
