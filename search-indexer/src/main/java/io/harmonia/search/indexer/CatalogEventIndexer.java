package io.harmonia.search.indexer;

import io.harmonia.search.Backoff;
import io.harmonia.search.events.CatalogEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code catalog-events} and applies each polled batch to Elasticsearch in one bulk
 * ({@link BulkIndexer}); commits the batch's offsets only after the bulk succeeded.
 *
 * <p>When Elasticsearch is down the batch is not committed: the consumer seeks back to the batch's
 * first offsets and polls the same records again after a growing back-off. It keeps polling while
 * it waits, so it stays in its group however long the outage lasts, and when Elasticsearch is back
 * it goes on from the first event it had not applied — catching up on everything it missed.
 * A record that is not a catalog event is logged and skipped: retrying it could never succeed.
 */
public final class CatalogEventIndexer {

  private static final Logger log = LoggerFactory.getLogger(CatalogEventIndexer.class);

  private final Consumer<String, byte[]> consumer;
  private final BulkIndexer bulk;
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong stale = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();

  public CatalogEventIndexer(Consumer<String, byte[]> consumer, BulkIndexer bulk) {
    this.consumer = consumer;
    this.bulk = bulk;
  }

  /** Counters since start: applied, stale (older or repeated), rejected by Elasticsearch, malformed. */
  public record Totals(long applied, long stale, long rejected, long malformed) {}

  public Totals totals() {
    return new Totals(applied.get(), stale.get(), rejected.get(), malformed.get());
  }

  /** Runs until the thread is interrupted or the consumer is woken up. */
  public void run(String topic, Duration pollTimeout) {
    consumer.subscribe(List.of(topic));
    Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(10));
    boolean failing = false;
    while (!Thread.currentThread().isInterrupted()) {
      ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout);
      if (records.isEmpty()) {
        continue;
      }
      try {
        BulkIndexer.Outcome outcome = bulk.apply(parse(records));
        commit(records);
        count(outcome);
        if (failing) {
          log.info("Elasticsearch takes writes again; catching up");
          failing = false;
        }
        backoff.reset();
      } catch (RetryableIndexingException e) {
        Duration wait = backoff.next();
        if (!failing) {
          log.warn("indexing failed; keeping offsets uncommitted and retrying: {}", e.getMessage());
          failing = true;
        }
        rewind(records);
        if (!Backoff.pause(wait)) {
          return;
        }
      }
    }
  }

  private void commit(ConsumerRecords<String, byte[]> records) {
    try {
      consumer.commitSync(nextOffsets(records));
    } catch (CommitFailedException e) {
      // the group rebalanced: the partitions' new owner applies these events again (harmlessly)
      log.info("offsets not committed after a rebalance: {}", e.getMessage());
    }
  }

  private List<CatalogEvent> parse(ConsumerRecords<String, byte[]> records) {
    List<CatalogEvent> events = new ArrayList<>(records.count());
    for (ConsumerRecord<String, byte[]> record : records) {
      try {
        events.add(CatalogEvent.parse(record.value()));
      } catch (IllegalArgumentException e) {
        malformed.incrementAndGet();
        log.error("skipping a malformed catalog event at {}-{}@{}: {}", record.topic(), record.partition(),
            record.offset(), e.getMessage());
      }
    }
    return events;
  }

  private void count(BulkIndexer.Outcome outcome) {
    applied.addAndGet(outcome.applied());
    stale.addAndGet(outcome.stale());
    rejected.addAndGet(outcome.rejected());
  }

  static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
      offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
    }
    return offsets;
  }

  private void rewind(ConsumerRecords<String, byte[]> records) {
    for (TopicPartition partition : records.partitions()) {
      try {
        consumer.seek(partition, records.records(partition).get(0).offset());
      } catch (IllegalStateException e) {
        // the partition went to another consumer meanwhile: it resumes from the committed offset
      }
    }
  }
}
