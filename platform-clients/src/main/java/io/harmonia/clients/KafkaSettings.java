package io.harmonia.clients;

import io.harmonia.config.HarmoniaConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * Kafka client settings as plain maps, so that Beam's kafka-clients 3.9 and the 4.x client both
 * take them (this class loads no Kafka class).
 */
public final class KafkaSettings {

  private KafkaSettings() {}

  /**
   * For events that must be neither lost nor duplicated by retries: every in-sync replica
   * acknowledges, and the idempotent producer de-duplicates its own retries.
   */
  public static Map<String, Object> producer(HarmoniaConfig config, String clientId) {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", config.kafka().bootstrapServers());
    props.put("client.id", clientId);
    props.put("acks", "all");
    props.put("enable.idempotence", "true");
    props.put("max.in.flight.requests.per.connection", "5");
    props.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    props.put("value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
    return props;
  }

  /** For a group that commits offsets itself, only after the writes they feed have succeeded. */
  public static Map<String, Object> consumer(HarmoniaConfig config, String groupId) {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", config.kafka().bootstrapServers());
    props.put("group.id", groupId);
    props.put("enable.auto.commit", "false");
    props.put("auto.offset.reset", "earliest");
    props.put("isolation.level", "read_committed");
    props.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    props.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    return props;
  }

  public static Map<String, Object> admin(HarmoniaConfig config) {
    Map<String, Object> props = new HashMap<>();
    props.put("bootstrap.servers", config.kafka().bootstrapServers());
    props.put("request.timeout.ms", "15000");
    props.put("default.api.timeout.ms", "30000");
    return props;
  }
}
