package io.harmonia.search.indexer;

import io.harmonia.clients.KafkaSettings;
import io.harmonia.config.HarmoniaConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Consumer-group positions, for a consumer that must see exactly what is published from now on. */
public final class ConsumerGroups {

  private ConsumerGroups() {}

  /**
   * Commits the topic's current end offsets for a new group, so a consumer of that group starts
   * with the first event published after this call and misses none of them (unlike
   * {@code auto.offset.reset=latest}, which resolves "the end" only when the consumer first fetches).
   */
  public static void startAtEnd(HarmoniaConfig config, String topic, String group)
      throws ExecutionException, InterruptedException {
    try (Admin admin = Admin.create(KafkaSettings.admin(config))) {
      int partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic).partitions().size();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
      for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e
          : admin.listOffsets(latest).all().get().entrySet()) {
        ends.put(e.getKey(), new OffsetAndMetadata(e.getValue().offset()));
      }
      admin.alterConsumerGroupOffsets(group, ends).all().get();
    }
  }

  /** Removes a group that is done (its committed offsets go with it). */
  public static void delete(HarmoniaConfig config, String group) throws ExecutionException, InterruptedException {
    try (Admin admin = Admin.create(KafkaSettings.admin(config))) {
      admin.deleteConsumerGroups(java.util.List.of(group)).all().get();
    }
  }
}
