package io.harmonia.playcounts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.clients.KafkaSettings;
import io.harmonia.config.HarmoniaConfig;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The stream's health check for a scheduler: how many {@code play-events} records its consumer
 * group has not committed yet (the stream commits when a micro-batch's checkpoint is finalized,
 * after its counts are written). A partition without a committed offset counts all its records.
 */
final class StreamLag {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StreamLag() {}

  /** The lag report; {@code ok} when the total lag is at most {@code maxLag}. */
  record Report(ObjectNode json, boolean ok) {}

  static Report check(HarmoniaConfig config, String group, long maxLag) throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(KafkaSettings.admin(config))) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get();
      var partitions = admin.describeTopics(java.util.List.of(StreamingPlayCounts.TOPIC)).allTopicNames().get()
          .get(StreamingPlayCounts.TOPIC).partitions().stream()
          .map(p -> new TopicPartition(StreamingPlayCounts.TOPIC, p.partition())).toList();
      var ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
          .all().get();
      var starts = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.earliest())))
          .all().get();
      ObjectNode json = JSON.createObjectNode();
      json.put("group", group);
      json.put("topic", StreamingPlayCounts.TOPIC);
      ArrayNode list = json.putArray("partitions");
      long total = 0;
      for (TopicPartition p : new TreeMap<Integer, TopicPartition>(partitions.stream()
          .collect(Collectors.toMap(TopicPartition::partition, tp -> tp))).values()) {
        long end = ends.get(p).offset();
        OffsetAndMetadata c = committed.get(p);
        long position = c == null ? starts.get(p).offset() : c.offset();
        long lag = Math.max(0, end - position);
        total += lag;
        ObjectNode entry = list.addObject();
        entry.put("partition", p.partition());
        entry.put("end_offset", end);
        if (c == null) {
          entry.putNull("committed_offset");
        } else {
          entry.put("committed_offset", c.offset());
        }
        entry.put("lag", lag);
      }
      json.put("total_lag", total);
      json.put("max_lag", maxLag);
      json.put("ok", total <= maxLag);
      return new Report(json, total <= maxLag);
    }
  }
}
