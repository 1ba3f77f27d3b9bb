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
      Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
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
}
