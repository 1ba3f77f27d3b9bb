package io.harmonia.system.plays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.harmonia.system.ApiClient.Account;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults in the middle of a stream of plays, each followed by exact counts: every play the API
 * accepted is stored, once, with its verdict, and every qualified play — the stream's plays of
 * playbacks heard for real, with play_ids, reported before and after the fault — is qualified
 * exactly once. The pipeline is killed (SIGKILL) and restarted; Cassandra is stopped for 30 s;
 * Kafka is stopped while the API takes plays. The services are the platform's own
 * ({@code bin/platform down/up}): run these where nothing else needs them meanwhile, as
 * {@code bin/platform test} does.
 */
class PlayPipelineFaultsIT {

  private static final Logger log = LoggerFactory.getLogger(PlayPipelineFaultsIT.class);

  static PlayPath plays;
  static List<Catalog.Song> songs = new ArrayList<>();

  @BeforeAll
  static void start() {
    plays = PlayPath.start("play-events-faults", Map.of());
    for (int i = 0; i < 4; i++) {
      songs.add(plays.catalog.song("Fault song " + i));
    }
  }

  /** Whatever a test did, the next one starts with every service up and a pipeline running. */
  @AfterEach
  void heal() {
    plays.platform.run(Duration.ofMinutes(5), "up", "kafka", "cassandra");
    if (!plays.pipeline().isAlive()) {
      plays.restartPipeline();
    }
  }

  @AfterAll
  static void stop() {
    if (plays != null) {
      plays.close();
    }
  }

  private static List<Account> listeners(int n) {
    List<Account> listeners = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      listeners.add(plays.client.signUp("PREMIUM"));
    }
    return listeners;
  }

  @Test
  void aPipelineKilledMidStreamAndRestartedLosesNothingAndStoresNothingTwice() throws Exception {
    try (PlayStream stream = new PlayStream(plays.client, listeners(6), songs, 40)) {
      // paid plays in the topic before the kill: some of them stored, some still to be replayed
      await().atMost(Duration.ofMinutes(3)).until(() -> stream.acceptedCount() >= 300 && PlayStore.sum(plays.store.committed()) > 0
          && stream.qualifiedAcceptedCount() >= 3);
      await().atMost(Duration.ofMinutes(1)).until(() -> PlayStore.sum(plays.store.ends()) > PlayStore.sum(plays.store.committed()));
      Map<Integer, Long> committedAtKill = plays.store.committed();

      plays.pipeline().kill();
      log.info("pipeline killed with {} records committed of {}", PlayStore.sum(committedAtKill), PlayStore.sum(plays.store.ends()));
      long endsAtKill = PlayStore.sum(plays.store.ends());
      await().atMost(Duration.ofMinutes(1)).until(() -> PlayStore.sum(plays.store.ends()) >= endsAtKill + 200);
      assertThat(plays.store.committed()).as("nothing commits while no pipeline runs").isEqualTo(committedAtKill);

      plays.restartPipeline();
      int acceptedAtRestart = stream.acceptedCount();
      long paidAtRestart = stream.qualifiedAcceptedCount();
      await().atMost(Duration.ofMinutes(2)).until(() -> stream.acceptedCount() >= acceptedAtRestart + 200
          && stream.qualifiedAcceptedCount() >= paidAtRestart + 2);
      stream.finish(Duration.ofMinutes(1));

      await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(plays.store::everythingStored);
      assertThat(stream.unexpected()).isEmpty();
      assertThat(stream.notAccepted()).isEmpty();
      StoredPlays.assertEachStoredExactlyOnce(plays.store, stream.accepted());
      log.info("killed pipeline: {} plays accepted, each stored once; {} qualified, each once", stream.acceptedCount(),
          stream.qualifiedAcceptedCount());
    }
  }

  @Test
  void cassandraStoppedFor30sDuringAStreamHoldsTheOffsetsBackAndLosesNothing() throws Exception {
    long pid = plays.pipeline().pid();
    try (PlayStream stream = new PlayStream(plays.client, listeners(6), songs, 30)) {
      long committedBefore = PlayStore.sum(plays.store.committed());
      await().atMost(Duration.ofMinutes(3)).until(() -> stream.acceptedCount() >= 200
          && PlayStore.sum(plays.store.committed()) > committedBefore && stream.qualifiedAcceptedCount() >= 2);

      plays.platform.run(Duration.ofMinutes(2), "down", "cassandra");
      // writes in flight when it went down settle first; from then on nothing can be stored...
      await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
      Map<Integer, Long> frozen = plays.store.committed();
      long endsAtOutage = PlayStore.sum(plays.store.ends());
      // ...so for the rest of the 30 s the group's offsets stay where they are while plays keep coming
      await().during(Duration.ofSeconds(25)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
          .until(() -> plays.store.committed().equals(frozen));
      assertThat(PlayStore.sum(plays.store.ends())).as("the API kept taking plays").isGreaterThan(endsAtOutage);
      assertThat(PlayStore.sum(plays.store.ends())).as("and they wait in Kafka").isGreaterThan(PlayStore.sum(frozen));

      plays.platform.run(Duration.ofMinutes(5), "up", "cassandra");
      int acceptedAfter = stream.acceptedCount();
      long paidAfter = stream.qualifiedAcceptedCount();
      await().atMost(Duration.ofMinutes(2)).until(() -> stream.acceptedCount() >= acceptedAfter + 100
          && stream.qualifiedAcceptedCount() >= paidAfter + 2);
      stream.finish(Duration.ofMinutes(1));

      await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(plays.store::everythingStored);
      assertThat(plays.pipeline().pid()).as("the same pipeline rode the outage out").isEqualTo(pid);
      assertThat(plays.pipeline().isAlive()).isTrue();
      assertThat(stream.unexpected()).isEmpty();
      StoredPlays.assertEachStoredExactlyOnce(plays.store, stream.accepted());
      log.info("Cassandra outage: {} plays accepted, each stored once; {} qualified, each once", stream.acceptedCount(),
          stream.qualifiedAcceptedCount());
    }
  }

  @Test
  void kafkaStoppedDuringIntakeIsA503WithRetryAfter_andEveryAcceptedPlayIsStored() throws Exception {
    try (PlayStream stream = new PlayStream(plays.client, listeners(6), songs, 30)) {
      await().atMost(Duration.ofMinutes(3)).until(() -> stream.acceptedCount() >= 150 && stream.qualifiedAcceptedCount() >= 2);

      plays.platform.run(Duration.ofMinutes(2), "down", "kafka");
      await().atMost(Duration.ofMinutes(1)).until(() -> stream.unavailableAnswers() >= 5);
      int acceptedDuringOutage = stream.acceptedCount();
      long paidDuringOutage = stream.qualifiedAcceptedCount();
      plays.platform.run(Duration.ofMinutes(3), "up", "kafka");
      await().atMost(Duration.ofMinutes(2)).until(() -> stream.acceptedCount() >= acceptedDuringOutage + 100
          && stream.qualifiedAcceptedCount() >= paidDuringOutage + 2);
      stream.finish(Duration.ofMinutes(2));

      assertThat(stream.unavailableAnswers()).isPositive();
      assertThat(stream.unavailableWithoutRetryAfter()).isZero();
      assertThat(stream.unexpected()).isEmpty();
      assertThat(stream.notAccepted()).as("every play answered 503 was accepted when sent again").isEmpty();
      await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(plays.store::everythingStored);
      StoredPlays.assertEachStoredExactlyOnce(plays.store, stream.accepted());
      log.info("Kafka outage: {} answers were 503 (slowest {} ms); {} plays accepted, each stored once; {} qualified, each once",
          stream.unavailableAnswers(), stream.slowest503().toMillis(), stream.acceptedCount(), stream.qualifiedAcceptedCount());
    }
  }
}
