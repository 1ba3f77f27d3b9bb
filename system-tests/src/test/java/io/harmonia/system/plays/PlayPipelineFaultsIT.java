package io.harmonia.system.plays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.harmonia.system.ApiClient;
import io.harmonia.system.ApiClient.Account;
import io.harmonia.system.ApiProcess;
import io.harmonia.system.ModuleProcess;
import io.harmonia.system.Platform;
import io.harmonia.system.PlayPipelineProcess;
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
 * accepted is stored, once. The pipeline is killed (SIGKILL) and restarted; Cassandra is stopped
 * for 30 s; Kafka is stopped while the API takes plays. The services are the platform's own
 * ({@code bin/platform down/up}): run these where nothing else needs them meanwhile, as
 * {@code bin/platform test} does.
 */
class PlayPipelineFaultsIT {

  private static final Logger log = LoggerFactory.getLogger(PlayPipelineFaultsIT.class);

  static Platform platform;
  static PlayStore store;
  static Catalog catalog;
  static List<Catalog.Song> songs = new ArrayList<>();
  static ApiProcess api;
  static ModuleProcess pipeline;
  static ApiClient client;

  @BeforeAll
  static void start() {
    platform = new Platform();
    store = new PlayStore(platform.config, "play-events-faults");
    catalog = new Catalog(platform.config);
    for (int i = 0; i < 4; i++) {
      songs.add(catalog.song("Fault song " + i));
    }
    api = ApiProcess.start(platform, store.input);
    pipeline = startPipeline();
    client = new ApiClient(api.baseUrl);
  }

  static ModuleProcess startPipeline() {
    return PlayPipelineProcess.start(platform, store.input, store.deadLetters, store.group);
  }

  /** Whatever a test did, the next one starts with every service up and a pipeline running. */
  @AfterEach
  void heal() {
    platform.run(Duration.ofMinutes(5), "up", "kafka", "cassandra");
    if (!pipeline.isAlive()) {
      pipeline = startPipeline();
    }
  }

  @AfterAll
  static void stop() {
    if (pipeline != null) {
      pipeline.close();
    }
    if (api != null) {
      api.close();
    }
    catalog.close();
    store.close();
  }

  private static List<Account> listeners(int n) {
    List<Account> listeners = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      listeners.add(client.signUp("PREMIUM"));
    }
    return listeners;
  }

  @Test
  void aPipelineKilledMidStreamAndRestartedLosesNothingAndStoresNothingTwice() throws Exception {
    try (PlayStream stream = new PlayStream(client, listeners(6), songs, 40)) {
      await().atMost(Duration.ofMinutes(2)).until(() -> stream.acceptedCount() >= 300 && PlayStore.sum(store.committed()) > 0);
      await().atMost(Duration.ofMinutes(1)).until(() -> PlayStore.sum(store.ends()) > PlayStore.sum(store.committed()));
      Map<Integer, Long> committedAtKill = store.committed();

      pipeline.kill();
      log.info("pipeline killed with {} records committed of {}", PlayStore.sum(committedAtKill), PlayStore.sum(store.ends()));
      long endsAtKill = PlayStore.sum(store.ends());
      await().atMost(Duration.ofMinutes(1)).until(() -> PlayStore.sum(store.ends()) >= endsAtKill + 200);
      assertThat(store.committed()).as("nothing commits while no pipeline runs").isEqualTo(committedAtKill);

      pipeline = startPipeline();
      int acceptedAtRestart = stream.acceptedCount();
      await().atMost(Duration.ofMinutes(1)).until(() -> stream.acceptedCount() >= acceptedAtRestart + 200);
      stream.finish(Duration.ofMinutes(1));

      await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(store::everythingStored);
      assertThat(stream.unexpected()).isEmpty();
      assertThat(stream.notAccepted()).isEmpty();
      StoredPlays.assertEachStoredExactlyOnce(store, stream.accepted());
      log.info("killed pipeline: {} plays accepted, each stored once", stream.acceptedCount());
    }
  }

  @Test
  void cassandraStoppedFor30sDuringAStreamHoldsTheOffsetsBackAndLosesNothing() throws Exception {
    long pid = pipeline.pid();
    try (PlayStream stream = new PlayStream(client, listeners(6), songs, 30)) {
      long committedBefore = PlayStore.sum(store.committed());
      await().atMost(Duration.ofMinutes(2))
          .until(() -> stream.acceptedCount() >= 200 && PlayStore.sum(store.committed()) > committedBefore);

      platform.run(Duration.ofMinutes(2), "down", "cassandra");
      // writes in flight when it went down settle first; from then on nothing can be stored...
      await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(6)).until(() -> true);
      Map<Integer, Long> frozen = store.committed();
      long endsAtOutage = PlayStore.sum(store.ends());
      // ...so for the rest of the 30 s the group's offsets stay where they are while plays keep coming
      await().during(Duration.ofSeconds(25)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
          .until(() -> store.committed().equals(frozen));
      assertThat(PlayStore.sum(store.ends())).as("the API kept taking plays").isGreaterThan(endsAtOutage);
      assertThat(PlayStore.sum(store.ends())).as("and they wait in Kafka").isGreaterThan(PlayStore.sum(frozen));

      platform.run(Duration.ofMinutes(5), "up", "cassandra");
      int acceptedAfter = stream.acceptedCount();
      await().atMost(Duration.ofMinutes(1)).until(() -> stream.acceptedCount() >= acceptedAfter + 100);
      stream.finish(Duration.ofMinutes(1));

      await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(store::everythingStored);
      assertThat(pipeline.pid()).as("the same pipeline rode the outage out").isEqualTo(pid);
      assertThat(pipeline.isAlive()).isTrue();
      assertThat(stream.unexpected()).isEmpty();
      StoredPlays.assertEachStoredExactlyOnce(store, stream.accepted());
      log.info("Cassandra outage: {} plays accepted, each stored once", stream.acceptedCount());
    }
  }

  @Test
  void kafkaStoppedDuringIntakeIsA503WithRetryAfter_andEveryAcceptedPlayIsStored() throws Exception {
    try (PlayStream stream = new PlayStream(client, listeners(6), songs, 30)) {
      await().atMost(Duration.ofMinutes(2)).until(() -> stream.acceptedCount() >= 150);

      platform.run(Duration.ofMinutes(2), "down", "kafka");
      await().atMost(Duration.ofMinutes(1)).until(() -> stream.unavailableAnswers() >= 5);
      int acceptedDuringOutage = stream.acceptedCount();
      platform.run(Duration.ofMinutes(3), "up", "kafka");
      await().atMost(Duration.ofMinutes(2)).until(() -> stream.acceptedCount() >= acceptedDuringOutage + 100);
      stream.finish(Duration.ofMinutes(2));

      assertThat(stream.unavailableAnswers()).isPositive();
      assertThat(stream.unavailableWithoutRetryAfter()).isZero();
      assertThat(stream.unexpected()).isEmpty();
      assertThat(stream.notAccepted()).as("every play answered 503 was accepted when sent again").isEmpty();
      await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(store::everythingStored);
      StoredPlays.assertEachStoredExactlyOnce(store, stream.accepted());
      log.info("Kafka outage: {} answers were 503 (slowest {} ms); {} plays accepted, each stored once",
          stream.unavailableAnswers(), stream.slowest503().toMillis(), stream.acceptedCount());
    }
  }
}
