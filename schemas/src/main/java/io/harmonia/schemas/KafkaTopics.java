package io.harmonia.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.clients.KafkaSettings;
import io.harmonia.config.HarmoniaConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Kafka: the topics of {@code kafka/topics.json}, created with explicit partitions when missing. */
final class KafkaTopics {

  private KafkaTopics() {}

  static String apply(HarmoniaConfig config) throws Exception {
    JsonNode spec = new ObjectMapper().readTree(ClasspathResources.read("kafka/topics.json"));
    short replication = (short) config.getInt("HARMONIA_KAFKA_REPLICATION", 1);
    try (Admin admin = Admin.create(KafkaSettings.admin(config))) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      List<String> report = new ArrayList<>();
      for (JsonNode topic : spec.get("topics")) {
        String name = topic.get("name").asText();
        int partitions = topic.get("partitions").asInt();
        if (existing.contains(name)) {
          continue;
        }
        Map<String, String> configs = new HashMap<>();
        topic.path("configs").fields().forEachRemaining(e -> configs.put(e.getKey(), e.getValue().asText()));
        missing.add(new NewTopic(name, partitions, replication).configs(configs));
        report.add(name + " (created)");
      }
      for (NewTopic topic : missing) {
        try {
          admin.createTopics(List.of(topic)).all().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
      List<String> names = new ArrayList<>();
      spec.get("topics").forEach(t -> names.add(t.get("name").asText()));
      Map<String, TopicDescription> described = describeWhenKnown(admin, names);
      List<String> summary = new ArrayList<>();
      for (JsonNode topic : spec.get("topics")) {
        String name = topic.get("name").asText();
        int live = described.get(name).partitions().size();
        int wanted = topic.get("partitions").asInt();
        // Adding partitions would move keys to other partitions and break per-key order: never automatic.
        summary.add(name + ":" + live + (live != wanted ? " (wanted " + wanted + "; change it by hand)" : ""));
      }
      return (report.isEmpty() ? "" : "created " + report + "; ") + "topics " + summary;
    }
  }

  /** A topic just created takes a moment to reach the broker's metadata: wait for it (30 s at most). */
  private static Map<String, TopicDescription> describeWhenKnown(Admin admin, List<String> names) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return admin.describeTopics(names).allTopicNames().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }
}
