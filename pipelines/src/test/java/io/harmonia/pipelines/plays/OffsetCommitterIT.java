package io.harmonia.pipelines.plays;

import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.clients.KafkaSettings;
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
