package io.harmonia.system.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.clients.RecoKeys;
import io.harmonia.clients.RedisClients;
import io.harmonia.system.ApiClient.Account;
import io.harmonia.system.ModuleProcess;
import io.harmonia.system.Platform;
import io.harmonia.system.plays.Catalog;
import io.harmonia.system.plays.PlayPath;
import io.harmonia.system.plays.PlayStore;
import io.harmonia.system.plays.PlayStream;
import io.harmonia.system.plays.StoredPlays;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;

/**
 * A lost node of the Spark standalone cluster ({@code bin/platform up spark}: a master, two workers
 * of one core each), while jobs submitted to it by {@code bin/platform job} run there:
 * <ul>
 *   <li>the play-events pipeline consumes a steady stream of plays posted through the API, and the
 *       worker running its executor is killed (SIGKILL): the driver stops, its job submits it again,
 *       it runs on the other worker from the group's committed offsets, and every play the API
 *       answered 202 is stored in Cassandra exactly once, and each of its paid plays (with play_ids)
 *       qualified exactly once;
 *   <li>the ALS job trains on Cassandra plays with an executor on each worker, and one worker is
 *       killed: Spark reruns the lost tasks on the other, and the run publishes to Redis.
 * </ul>
 * Each killed worker is started again and rejoins the master.
 */
class ClusterFaultsIT {

  private static final Logger log = LoggerFactory.getLogger(ClusterFaultsIT.class);

  static Platform platform;
  static SparkCluster cluster;

  @TempDir Path work;

  @BeforeAll
  static void theClusterIsUp() {
    platform = new Platform();
    cluster = new SparkCluster(platform);
    assertThat(cluster.aliveWorkers()).as("alive workers of %s (bin/platform up spark)", cluster.masterUrl())
        .isEqualTo(SparkCluster.WORKERS);
  }

  @Test
  void aWorkerKilledUnderTheStreamingPipelineLosesNoPlayAndStoresNoneTwice() throws Exception {
    try (PlayPath plays = PlayPath.startOnCluster("cluster-faults", cluster.masterUrl())) {
      String app = cluster.activeAppId("harmonia-play-pipeline").orElseThrow();
      List<Catalog.Song> songs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        songs.add(plays.catalog.song("Cluster song " + i));
      }
      List<Account> listeners = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        listeners.add(plays.client.signUp("PREMIUM"));
      }
      int victim = 0;
      try (PlayStream stream = new PlayStream(plays.client, listeners, songs, 30)) {
        await().atMost(Duration.ofMinutes(3)).until(() -> stream.acceptedCount() >= 200
            && PlayStore.sum(plays.store.committed()) > 0 && cluster.workersRunning(app).size() == 1
            && stream.qualifiedAcceptedCount() >= 2);
        victim = cluster.workersRunning(app).get(0);
        long committedAtKill = PlayStore.sum(plays.store.committed());
        cluster.kill(victim);
        log.info("killed spark-worker-{} under the pipeline ({} plays committed)", victim, committedAtKill);

        // the driver stops on the lost executor, its supervisor submits it again, and the new
        // application runs on the other worker, from the group's committed offsets
        int other = 3 - victim;
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> cluster
            .activeAppId("harmonia-play-pipeline").filter(id -> !id.equals(app))
            .map(id -> cluster.workersRunning(id).equals(List.of(other))).orElse(false));
        int acceptedAfter = stream.acceptedCount();
        long paidAfter = stream.qualifiedAcceptedCount();
        await().atMost(Duration.ofMinutes(3)).until(() -> stream.acceptedCount() >= acceptedAfter + 200
            && PlayStore.sum(plays.store.committed()) > committedAtKill + 100
            && stream.qualifiedAcceptedCount() >= paidAfter + 2);
        stream.finish(Duration.ofMinutes(1));

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(plays.store::everythingStored);
        assertThat(plays.pipeline().isAlive()).as("the pipeline's job still runs it").isTrue();
        assertThat(plays.pipeline().logText()).contains("lost an executor; resubmitting");
        assertThat(stream.unexpected()).isEmpty();
        assertThat(stream.notAccepted()).isEmpty();
        StoredPlays.assertEachStoredExactlyOnce(plays.store, stream.accepted());
        log.info("lost worker under the pipeline: {} plays accepted, each stored once; {} qualified, each once",
            stream.acceptedCount(), stream.qualifiedAcceptedCount());
      } finally {
        if (victim > 0) {
          cluster.restart(victim);
        }
      }
      assertThat(cluster.aliveWorkers()).as("the restarted worker rejoined").isEqualTo(SparkCluster.WORKERS);
    }
  }

  @Test
  void aWorkerKilledWhileAlsTrainsDoesNotKeepTheRunFromPublishing() throws Exception {
    LocalDate day = LocalDate.of(2800, 1, 1).plusDays(new Random().nextInt(60_000));
    writePlays(day);
    ModuleProcess job = ModuleProcess.startJob(platform, "reco-cluster", "reco",
        List.of("--input", "cassandra", "--to", day.toString(), "--days", "1", "--rank", "16", "--max-iter", "6",
            "--gate-margin", "0", "--report-dir", work.resolve("reports").toString()),
        Map.of("HARMONIA_SPARK_MASTER", cluster.masterUrl()));
    int victim = 0;
    try {
      // ALS's own Spark jobs have begun (their call sites are in ALS.scala), with an executor on each worker
      job.awaitLog("ALS.scala", Duration.ofMinutes(6));
      String app = cluster.activeAppId("harmonia-reco-als").orElseThrow();
      assertThat(cluster.workersRunning(app)).containsExactly(1, 2);
      victim = 1;
      cluster.kill(victim);
      log.info("killed spark-worker-{} while ALS trains", victim);

      assertThat(job.awaitExit(Duration.ofMinutes(12))).as("the job's exit code; log %s", job.log()).isZero();
      JsonNode report = report(job);
      assertThat(report.path("status").asText()).as("%s", report.path("status_reason")).isEqualTo("published");
      try (JedisPooled redis = RedisClients.pooled(platform.config, Duration.ofSeconds(2))) {
        assertThat(redis.get(RecoKeys.CURRENT_RUN)).isEqualTo(report.path("run_id").asText());
      }
      assertThat(cluster.apps("completedapps", "harmonia-reco-als")).last()
          .satisfies(a -> assertThat(a.path("id").asText()).isEqualTo(app))
          .satisfies(a -> assertThat(a.path("state").asText()).isEqualTo("FINISHED"));
      assertThat(job.logText()).as("Spark saw the executor go").contains("Lost executor");
    } finally {
      job.close();
      if (victim > 0) {
        cluster.restart(victim);
      }
    }
    assertThat(cluster.aliveWorkers()).as("the restarted worker rejoined").isEqualTo(SparkCluster.WORKERS);
  }

  /** HetRec Last.fm listeners 1-300 as plays of one day in Cassandra (the recommendations benchmark's generator). */
  private void writePlays(LocalDate day) throws IOException {
    Path hetrec = Path.of(System.getenv().getOrDefault("HARMONIA_DATASETS_DIR",
        platform.root.resolve("../shared/datasets").toString()), "lastfm-hetrec2011", "user_artists.dat");
    List<String> lines = Files.readAllLines(hetrec);
    List<String> some = new ArrayList<>(List.of(lines.get(0)));
    lines.stream().skip(1).filter(l -> Integer.parseInt(l.split("\t")[0]) <= 300).forEach(some::add);
    Path input = Files.write(work.resolve("user_artists.dat"), some);
    List<String> jvm = new ArrayList<>(List.of("-Xmx1g"));
    jvm.addAll(platform.sparkJvmFlags());
    ModuleProcess writer = ModuleProcess.start(platform, "synthetic-plays", "reco-als-job", jvm,
        "io.harmonia.reco.bench.SyntheticPlays", List.of(input.toString(), day.toString(), "1", "1000"), Map.of());
    assertThat(writer.awaitExit(Duration.ofMinutes(4))).as("writing the plays; log %s", writer.log()).isZero();
  }

  private static JsonNode report(ModuleProcess job) throws IOException {
    String html = job.logText().lines().filter(l -> l.startsWith("report: ")).map(l -> l.substring(8).trim())
        .reduce((a, b) -> b).orElseThrow(() -> new IllegalStateException("the reco job named no report:\n" + job.tail()));
    return new ObjectMapper().readTree(Path.of(html).resolveSibling("report.json").toFile());
  }
}
