package io.harmonia.pipelines.plays;

import com.datastax.oss.driver.api.core.CqlSession;
import io.harmonia.clients.CassandraClients;
import io.harmonia.clients.KafkaSettings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * One Cassandra session, one Kafka producer and one admin client per JVM and platform. They are
 * costly to open (connections, metadata), thread-safe, and Beam on Spark sets every DoFn up again
 * for each micro-batch, so the steps borrow them from here instead of opening their own. They live
 * as long as the JVM (the pipeline's), closed by its exit.
 */
final class SharedClients {

  private static final Map<String, CqlSession> SESSIONS = new ConcurrentHashMap<>();
  private static final Map<String, Producer<String, byte[]>> PRODUCERS = new ConcurrentHashMap<>();
  private static final Map<String, Admin> ADMINS = new ConcurrentHashMap<>();

  private SharedClients() {}

  /** The session, connecting now if there is none; throws while Cassandra cannot be reached. */
  static CqlSession cassandra(PlayPipelineSettings settings) {
    return SESSIONS.computeIfAbsent(settings.clientKey(), k -> CassandraClients.session(settings.config()));
  }

  static Producer<String, byte[]> producer(PlayPipelineSettings settings) {
    return PRODUCERS.computeIfAbsent(settings.clientKey(),
        k -> new KafkaProducer<>(KafkaSettings.producer(settings.config(), "play-events-pipeline-dlq")));
  }

  static Admin admin(PlayPipelineSettings settings) {
    return ADMINS.computeIfAbsent(settings.clientKey(), k -> Admin.create(KafkaSettings.admin(settings.config())));
  }
}
