package io.harmonia.system.search;

import io.harmonia.clients.KafkaSettings;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.system.ModuleProcess;
import io.harmonia.system.Platform;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The search pipeline — outbox relay (PostgreSQL → Kafka {@code catalog-events}) and indexer
 * (→ Elasticsearch) in one JVM, {@code io.harmonia.search.SearchIndexerApp} — as a process, the way
 * the {@code search-indexer} service runs it, but in a consumer group of the test's own that starts
 * at the topic's current end: the events published from now on, not the topic's history.
 */
public final class SearchIndexerProcess implements AutoCloseable {

  private static final String TOPIC = "catalog-events";

  public final ModuleProcess process;
  private final HarmoniaConfig config;
  private final String group;

  private SearchIndexerProcess(ModuleProcess process, HarmoniaConfig config, String group) {
    this.process = process;
    this.config = config;
    this.group = group;
  }

  public static SearchIndexerProcess start(Platform platform, String group) {
    commitEndOffsets(platform.config, group);
    ModuleProcess process = ModuleProcess.start(platform, "search-indexer", "search-indexer",
        List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC"), "io.harmonia.search.SearchIndexerApp", List.of(),
        Map.of("HARMONIA_INDEXER_GROUP", group));
    process.awaitLog("outbox relay and search indexer running", Duration.ofSeconds(90));
    return new SearchIndexerProcess(process, platform.config, group);
  }

  /**
   * The group's committed offsets at the topic's end before its consumer first runs (the
   * consumer's own {@code auto.offset.reset} would resolve "the end" only at its first fetch).
   */
  private static void commitEndOffsets(HarmoniaConfig config, String group) {
    try (Admin admin = Admin.create(KafkaSettings.admin(config))) {
      int partitions = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC)
          .partitions().size();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
      }
      Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
      admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
          .forEach((partition, info) -> ends.put(partition, new OffsetAndMetadata(info.offset())));
      admin.alterConsumerGroupOffsets(group, ends).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot position consumer group " + group + " at the end of " + TOPIC, e);
    }
  }

  /** Stops the process and deletes its consumer group. */
  @Override
  public void close() {
    process.close();
    try (Admin admin = Admin.create(KafkaSettings.admin(config))) {
      admin.deleteConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort: the group expires by itself
    }
  }
}
