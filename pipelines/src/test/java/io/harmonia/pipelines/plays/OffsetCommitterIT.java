package io.harmonia.pipelines.plays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.harmonia.clients.KafkaSettings;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The commit step against the real Kafka: the group's offset moves only over stored records. */
class OffsetCommitterIT {

  private PlayTopics topics;
  private Admin admin;

  @BeforeEach
  void start() throws Exception {
    topics = new PlayTopics("plays-commit-it");
    admin = Admin.create(KafkaSettings.admin(topics.config));
  }

  @AfterEach
  void stop() throws Exception {
    admin.close();
    topics.close();
  }

  @Test
  void theCommittedOffsetWaitsForTheRecordStillBeingWritten() throws Exception {
    int partition = -1;
    for (int i = 0; i < 10; i++) {
      partition = (int) topics.send("u-one-listener", "{}")[0]; // one key: one partition, offsets 0..9
    }
    OffsetCommitter committer = new OffsetCommitter(admin, topics.group, topics.input);

    committer.stored(Map.of(partition, new long[] {0, 1, 2, 4, 5, 6, 7, 8, 9}));
    assertThat(topics.committed()).containsExactly(Map.entry(partition, 3L));

    committer.stored(Map.of(partition, new long[] {3}));
    assertThat(topics.committed()).containsExactly(Map.entry(partition, 10L));
  }

  /**
   * On a cluster: an executor stored offsets 0..6 and committed 0..4, then was lost with its worker;
   * the partition's next micro-batch runs in another executor's JVM from offset 7. That JVM never
   * sees 5 and 6: after the stall check's wait it commits from the first offset it read.
   */
  @Test
  void aJvmThatTakesAPartitionOverCommitsFromTheFirstOffsetItRead() throws Exception {
    int partition = -1;
    for (int i = 0; i < 10; i++) {
      partition = (int) topics.send("u-moved-listener", "{}")[0];
    }
    new OffsetCommitter(admin, topics.group, topics.input).stored(Map.of(partition, new long[] {0, 1, 2, 3, 4}));

    OffsetCommitter takeover = new OffsetCommitter(admin, topics.group, topics.input);
    int p = partition;
    takeover.stored(Map.of(p, new long[] {7, 8}));
    assertThat(topics.committed()).as("at first it waits for 5").containsExactly(Map.entry(p, 5L));
    await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      takeover.stored(Map.of(p, new long[] {9}));
      return topics.committed().get(p) == 10L;
    });
  }

  @Test
  void aRestartedCommitterResumesFromTheGroupsOffset() throws Exception {
    int partition = -1;
    for (int i = 0; i < 6; i++) {
      partition = (int) topics.send("u-another-listener", "{}")[0];
    }
    new OffsetCommitter(admin, topics.group, topics.input).stored(Map.of(partition, new long[] {0, 1, 2}));

    OffsetCommitter restarted = new OffsetCommitter(admin, topics.group, topics.input);
    restarted.stored(Map.of(partition, new long[] {4, 5}));
    assertThat(topics.committed()).as("3 was never reported").containsExactly(Map.entry(partition, 3L));
    restarted.stored(Map.of(partition, new long[] {3}));
    assertThat(topics.committed()).containsExactly(Map.entry(partition, 6L));
  }
}
