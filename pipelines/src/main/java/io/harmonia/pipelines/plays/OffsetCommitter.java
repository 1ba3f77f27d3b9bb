package io.harmonia.pipelines.plays;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the pipeline's consumer-group offsets in Kafka, and only past records that are stored:
 * the commit step reports the positions of records whose Cassandra rows (or dead letters) are
 * acknowledged, and each partition's offset advances to the first position not yet reported
 * ({@link ContiguousOffsets}). On a restart, KafkaIO resumes the group from these offsets, so
 * anything read but not stored when the pipeline stopped is read again.
 *
 * <p>Why not KafkaIO's {@code commitOffsetsInFinalize()}: the Spark runner finalizes a micro-batch's
 * checkpoint as soon as the micro-batch has been <em>read</em> (MicrobatchSource.Reader), before
 * the steps after the read have run; a crash then would lose the micro-batch. Nor
 * {@code enable.auto.commit}, which commits whatever was polled.
 *
 * <p>One per JVM, group and topic; one pipeline instance per consumer group (KafkaIO assigns
 * partitions itself, without the group's coordination).
 */
final class OffsetCommitter {

  private static final Logger log = LoggerFactory.getLogger(OffsetCommitter.class);
  private static final Map<String, OffsetCommitter> INSTANCES = new ConcurrentHashMap<>();
  private static final long STALL_CHECK_MS = 10_000;
  private static final long PROGRESS_LOG_MS = 30_000;

  private final Admin admin;
  private final String group;
  private final String topic;
  private final Map<Integer, ContiguousOffsets> partitions = new HashMap<>();
  private final Map<Integer, Long> committed = new HashMap<>();
  private final Map<Integer, Long> stalledSince = new HashMap<>();
  /** Offsets stored before the partition's starting point could be read (Kafka unreachable). */
  private final Map<Integer, java.util.List<long[]>> waiting = new HashMap<>();
  private long reported;
  private long lastProgressLog = System.currentTimeMillis();

  OffsetCommitter(Admin admin, String group, String topic) {
    this.admin = admin;
    this.group = group;
    this.topic = topic;
  }

  static OffsetCommitter of(PlayPipelineSettings settings) {
    String key = settings.bootstrapServers() + "|" + settings.consumerGroup() + "|" + settings.inputTopic();
    return INSTANCES.computeIfAbsent(key,
        k -> new OffsetCommitter(SharedClients.admin(settings), settings.consumerGroup(), settings.inputTopic()));
  }

  /**
   * Reports stored records' offsets, by partition, and commits what became committable. Never
   * throws for Kafka being unreachable: the offsets are kept and committed by a later call (at
   * worst, a restart reads a few records again).
   */
  synchronized void stored(Map<Integer, long[]> offsetsByPartition) {
    Map<TopicPartition, OffsetAndMetadata> advanced = new HashMap<>();
    for (Map.Entry<Integer, long[]> e : offsetsByPartition.entrySet()) {
      reported += e.getValue().length;
      ContiguousOffsets offsets = offsets(e.getKey(), e.getValue());
      if (offsets != null) {
        closeKnownGaps(e.getKey(), offsets);
        if (offsets.next() > committed.get(e.getKey())) {
          advanced.put(new TopicPartition(topic, e.getKey()), new OffsetAndMetadata(offsets.next()));
        }
      }
    }
    if (!advanced.isEmpty()) {
      commit(advanced);
    }
    logProgress();
  }

  /** The partition's position with these offsets applied; null while its starting point is unknown. */
  private ContiguousOffsets offsets(int partition, long[] stored) {
    ContiguousOffsets offsets = partitions.get(partition);
    if (offsets == null) {
      waiting.computeIfAbsent(partition, p -> new java.util.ArrayList<>()).add(stored);
      try {
        offsets = new ContiguousOffsets(startingPoint(partition));
      } catch (Exception e) {
        log.warn("cannot read the starting offset of {}-{} for group {} yet: {}", topic, partition, group, e.toString());
        return null;
      }
      partitions.put(partition, offsets);
      committed.put(partition, offsets.next());
      for (long[] earlier : waiting.remove(partition)) {
        offsets.complete(earlier);
      }
      return offsets;
    }
    offsets.complete(stored);
    return offsets;
  }

  private void commit(Map<TopicPartition, OffsetAndMetadata> advanced) {
    try {
      admin.alterConsumerGroupOffsets(group, advanced).all().get(15, TimeUnit.SECONDS);
      advanced.forEach((tp, offset) -> committed.put(tp.partition(), offset.offset()));
    } catch (Exception e) {
      // nothing is lost: the next bundle commits a position at least as far; a restart reads more again
      log.warn("could not commit offsets {} of group {}: {}", describe(advanced), group, e.toString());
    }
  }

  /** The group's committed offset, or the partition's first offset when the group has none (auto.offset.reset=earliest). */
  private long startingPoint(int partition) throws Exception {
    TopicPartition tp = new TopicPartition(topic, partition);
    OffsetAndMetadata groupOffset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
        .get(15, TimeUnit.SECONDS).get(tp);
    long start = groupOffset != null ? groupOffset.offset() : logStart(tp);
    log.info("committing {}-{} for group {} from offset {}", topic, partition, group, start);
    return start;
  }

  private long logStart(TopicPartition tp) throws Exception {
    return admin.listOffsets(Map.of(tp, OffsetSpec.earliest())).partitionResult(tp).get(15, TimeUnit.SECONDS).offset();
  }

  /**
   * A position that has not moved for a while although later offsets are stored waits for offsets
   * that may no longer exist (the log's start moved past them): raise it to the log's start.
   */
  private void closeKnownGaps(int partition, ContiguousOffsets offsets) {
    if (offsets.waitingRanges() == 0) {
      stalledSince.remove(partition);
      return;
    }
    long now = System.currentTimeMillis();
    long since = stalledSince.computeIfAbsent(partition, p -> now);
    if (now - since > STALL_CHECK_MS) {
      stalledSince.put(partition, now);
      long before = offsets.next();
      try {
        offsets.raiseTo(logStart(new TopicPartition(topic, partition)));
      } catch (Exception e) {
        log.warn("cannot read the log start of {}-{}: {}", topic, partition, e.toString());
      }
      log.warn("{}-{}: later offsets are stored but {} is not reported yet{}", topic, partition, before,
          offsets.next() > before ? "; the log starts at " + offsets.next() + " now, moving on" : "; waiting for it");
    }
  }

  private void logProgress() {
    long now = System.currentTimeMillis();
    if (now - lastProgressLog < PROGRESS_LOG_MS) {
      return;
    }
    lastProgressLog = now;
    try {
      Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream()
          .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(15, TimeUnit.SECONDS);
      long lag = ends.entrySet().stream().mapToLong(e -> e.getValue().offset() - committed.get(e.getKey().partition())).sum();
      log.info("play-events pipeline: {} records stored since start; group {} committed {}; lag {} records",
          reported, group, committed, lag);
    } catch (Exception e) {
      log.info("play-events pipeline: {} records stored since start; group {} committed {}", reported, group, committed);
    }
  }

  private static String describe(Map<TopicPartition, OffsetAndMetadata> offsets) {
    return offsets.entrySet().stream().map(e -> e.getKey().partition() + "=" + e.getValue().offset())
        .sorted().collect(Collectors.joining(", ", "{", "}"));
  }

  /** For tests: the committable position of each partition seen so far. */
  synchronized Map<Integer, Long> positions() {
    return Map.copyOf(committed);
  }
}
