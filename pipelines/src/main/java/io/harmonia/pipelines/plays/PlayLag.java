package io.harmonia.pipelines.plays;

import io.harmonia.clients.KafkaSettings;
import io.harmonia.config.HarmoniaConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/platform job play-lag [group] [topic]}: how far the play-events pipeline is behind,
 * per partition: the group's committed offset (everything before it is stored), the end of the
 * log, and the difference. Exit code 0; the last line is {@code total lag N}.
 */
@Command(name = "bin/platform job play-lag", usageHelpAutoWidth = true,
    description = {"The play-events pipeline's consumer-group lag per partition: the committed offset (everything "
        + "before it is stored in Cassandra or the DLQ), the end of the log and the difference.",
        "Exit status: 0 (the last line is 'total lag N'), 1 Kafka unreachable, 2 bad arguments."})
public final class PlayLag implements Callable<Integer> {

  @Parameters(index = "0", arity = "0..1", paramLabel = "group", description = "consumer group (default: ${DEFAULT-VALUE})")
  String group = "play-events-pipeline";

  @Parameters(index = "1", arity = "0..1", paramLabel = "topic", description = "topic (default: ${DEFAULT-VALUE})")
  String topic = "play-events";

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this usage and exit")
  boolean help;

  public static void main(String[] args) {
    System.exit(new CommandLine(new PlayLag()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    HarmoniaConfig config = HarmoniaConfig.fromEnvironment();
    try (Admin admin = Admin.create(KafkaSettings.admin(config))) {
      Map<Integer, long[]> lag = lag(admin, group, topic);
      System.out.printf("%-22s %-9s %12s %12s %10s%n", "GROUP", "PARTITION", "COMMITTED", "END", "LAG");
      long total = 0;
      for (Map.Entry<Integer, long[]> e : lag.entrySet()) {
        long committed = e.getValue()[0];
        long end = e.getValue()[1];
        total += end - Math.max(committed, 0);
        System.out.printf("%-22s %-9s %12s %12d %10d%n", group, topic + "-" + e.getKey(),
            committed < 0 ? "-" : Long.toString(committed), end, end - Math.max(committed, 0));
      }
      System.out.println("total lag " + total);
    }
    return 0;
  }

  /** Per partition: {committed offset or -1, end offset}. */
  static Map<Integer, long[]> lag(Admin admin, String group, String topic) throws Exception {
    int partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
        .get(topic).partitions().size();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
    Map<Integer, long[]> lag = new TreeMap<>();
    ends.forEach((tp, end) -> {
      OffsetAndMetadata c = committed.get(tp);
      lag.put(tp.partition(), new long[] {c == null ? -1 : c.offset(), end.offset()});
    });
    return lag;
  }
}
