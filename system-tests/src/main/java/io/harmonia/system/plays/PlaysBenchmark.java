package io.harmonia.system.plays;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.clients.CassandraClients;
import io.harmonia.system.ApiClient;
import io.harmonia.system.ApiClient.Account;
import io.harmonia.system.ApiProcess;
import io.harmonia.system.ModuleProcess;
import io.harmonia.system.Platform;
import io.harmonia.system.PlayPipelineProcess;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bin/platform bench plays [backlog] [pipeline options...]}: the play path measured in one run, each figure next to
 * its baseline, written to {@code pipelines/benchmarks/results/plays.json} (+ .md).
 *
 * <ol>
 *   <li>Intake: {@code POST /api/v1/play-events} (validated, produced to Kafka, 202 after the ack)
 *       against {@code GET /api/v1/me} (token check and a small JSON answer), same closed-loop load.
 *   <li>Pipeline: a backlog of plays in the topic, stored by the play-events pipeline on Spark (local
 *       mode), against the same rows written straight with the driver's async single-row inserts
 *       (measured before and after the pipeline, the mean taken).
 *   <li>End-to-end latency: plays posted at a steady rate while the pipeline runs, each timed from
 *       its 202 to the moment its row can be read from {@code plays_by_user}.
 * </ol>
 */
public final class PlaysBenchmark {

  private static final Logger log = LoggerFactory.getLogger(PlaysBenchmark.class);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static final int HTTP_CONCURRENCY = 16;
  private static final int HTTP_ROUNDS = 4;
  private static final Duration HTTP_WINDOW = Duration.ofSeconds(6);
  private static final int RAW_MAX_IN_FLIGHT = 128;
  private static final int LATENCY_RATE = 20;
  private static final Duration LATENCY_WINDOW = Duration.ofSeconds(30);
  private static final long LATENCY_POLL_MS = 25;

  private PlaysBenchmark() {}

  public static void main(String[] args) throws Exception {
    int backlog = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    String[] pipelineArgs = args.length > 1 ? Arrays.copyOfRange(args, 1, args.length) : new String[0];
    Platform platform = new Platform();
    ObjectNode results = JSON.createObjectNode();
    results.put("benchmark", "plays");
    results.put("recorded_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    results.put("cores", Runtime.getRuntime().availableProcessors());
    results.put("load_average_at_start", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    try (PlayStore store = new PlayStore(platform.config, "plays-bench");
         Catalog catalog = new Catalog(platform.config);
         ApiProcess api = ApiProcess.start(platform, store.input);
         CqlSession cassandra = CassandraClients.session(platform.config)) {
      ApiClient client = new ApiClient(api.baseUrl);
      List<Catalog.Song> songs = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        songs.add(catalog.song("Bench song " + i));
      }
      List<Account> listeners = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        listeners.add(client.signUp(i % 2 == 0 ? "PREMIUM" : "FREE"));
      }

      List<Play> posted = java.util.Collections.synchronizedList(new ArrayList<>());
      results.set("intake", intake(client, listeners, songs, posted));

      List<Play> prefilled = prefill(store, songs, Math.max(0, backlog - posted.size()));
      List<Play> all = new ArrayList<>(posted);
      all.addAll(prefilled);
      RawInserts raw = new RawInserts(cassandra, RAW_MAX_IN_FLIGHT);
      double rawBefore = raw.write(all, Instant.now());
      log.info("baseline before: {} plays/s", (long) rawBefore);

      ModuleProcess pipeline = PlayPipelineProcess.start(platform, store.input, store.deadLetters, store.group, pipelineArgs);
      ObjectNode throughput;
      try {
        throughput = pipelineThroughput(store, all.size());
        throughput.put("pipeline_options", pipelineArgs.length == 0 ? "defaults" : String.join(" ", pipelineArgs));
        results.set("end_to_end_latency", latency(client, listeners, songs, cassandra));
      } finally {
        pipeline.stop(Duration.ofSeconds(30));
      }
      // after the pipeline has stopped, as before it started: both baselines run on the same machine state
      double rawAfter = raw.write(all, Instant.now());
      log.info("baseline after: {} plays/s", (long) rawAfter);
      double rawMean = (rawBefore + rawAfter) / 2;
      ObjectNode baseline = JSON.createObjectNode();
      baseline.put("what", "the same 2 rows per play, single-row prepared INSERTs, executeAsync, at most "
          + RAW_MAX_IN_FLIGHT + " in flight, LOCAL_QUORUM; once before the pipeline ran and once after it stopped");
      baseline.put("plays_per_s_before", Math.round(rawBefore));
      baseline.put("plays_per_s_after", Math.round(rawAfter));
      baseline.put("plays_per_s_mean", Math.round(rawMean));
      results.set("pipeline", throughput);
      results.set("cassandra_async_inserts", baseline);
      results.put("pipeline_vs_async_inserts", round(throughput.get("sustained_plays_per_s").asDouble() / rawMean));
    }
    results.put("load_average_at_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    write(platform.root.resolve("pipelines/benchmarks/results"), results);
  }

  /**
   * Rounds of the two endpoints back to back, the order alternating (me, plays, plays, me, ...), so
   * that the machine's noise falls on both; the headline is the median of the rounds' ratios.
   */
  private static ObjectNode intake(ApiClient client, List<Account> listeners, List<Catalog.Song> songs, List<Play> posted)
      throws InterruptedException {
    HttpLoad.run("warm-up", HTTP_CONCURRENCY, Duration.ofSeconds(8), 200, t -> () -> client.me(listeners.get(t % listeners.size())).status());
    HttpLoad.run("warm-up", HTTP_CONCURRENCY, Duration.ofSeconds(8), 202, t -> playCall(client, listeners, songs, posted, t));
    List<HttpLoad.Result> plays = new ArrayList<>();
    List<HttpLoad.Result> trivial = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    for (int round = 0; round < HTTP_ROUNDS; round++) {
      HttpLoad.Result me = null;
      HttpLoad.Result play = null;
      for (int leg = 0; leg < 2; leg++) {
        if ((round + leg) % 2 == 0) {
          me = HttpLoad.run("GET /api/v1/me", HTTP_CONCURRENCY, HTTP_WINDOW, 200,
              t -> () -> client.me(listeners.get(t % listeners.size())).status());
        } else {
          play = HttpLoad.run("POST /api/v1/play-events", HTTP_CONCURRENCY, HTTP_WINDOW, 202,
              t -> playCall(client, listeners, songs, posted, t));
        }
      }
      trivial.add(me);
      plays.add(play);
      ratios.add(play.perSecond() / me.perSecond());
      log.info("round {}: play-events {} req/s, me {} req/s", round, (long) play.perSecond(), (long) me.perSecond());
    }
    ObjectNode node = JSON.createObjectNode();
    node.put("concurrency", HTTP_CONCURRENCY);
    node.put("rounds", HTTP_ROUNDS);
    node.put("window_s_per_endpoint_and_round", HTTP_WINDOW.toSeconds());
    node.put("play_events_per_s", Math.round(median(plays.stream().mapToDouble(HttpLoad.Result::perSecond).toArray())));
    node.put("play_events_p50_ms", round(median(plays.stream().mapToDouble(HttpLoad.Result::p50Ms).toArray())));
    node.put("play_events_p99_ms", round(median(plays.stream().mapToDouble(HttpLoad.Result::p99Ms).toArray())));
    node.put("play_events_not_202", plays.stream().mapToLong(HttpLoad.Result::failed).sum());
    node.put("trivial_endpoint", "GET /api/v1/me (bearer token check, small JSON)");
    node.put("trivial_per_s", Math.round(median(trivial.stream().mapToDouble(HttpLoad.Result::perSecond).toArray())));
    node.put("trivial_p50_ms", round(median(trivial.stream().mapToDouble(HttpLoad.Result::p50Ms).toArray())));
    node.put("trivial_p99_ms", round(median(trivial.stream().mapToDouble(HttpLoad.Result::p99Ms).toArray())));
    node.put("intake_vs_trivial", round(median(ratios.stream().mapToDouble(Double::doubleValue).toArray())));
    node.put("load_generator", "JVM, closed loop (java.net.http), on the same 2 cores as the API and Kafka");
    return node;
  }

  private static HttpLoad.Call playCall(ApiClient client, List<Account> listeners, List<Catalog.Song> songs,
      List<Play> posted, int thread) {
    Random random = new Random(thread * 31L + System.nanoTime());
    Account listener = listeners.get(thread % listeners.size());
    return () -> {
      Play play = play(listener.userId(), songs.get(random.nextInt(songs.size())).songId(), random);
      int status = client.postPlay(listener, play.body()).status();
      if (status == 202) {
        posted.add(play);
      }
      return status;
    };
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  static Play play(String userId, String songId, Random random) {
    Instant playedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(400 + random.nextInt(80_000));
    return new Play(UUID.randomUUID().toString(), userId, "PREMIUM", songId, 20_000 + random.nextInt(250_000),
        new int[] {128, 256, 320}[random.nextInt(3)], playedAt);
  }

  /** Plays written straight into the topic, as the API writes them, for a backlog of the wanted size. */
  private static List<Play> prefill(PlayStore store, List<Catalog.Song> songs, int count) {
    Random random = new Random(11);
    List<Play> plays = new ArrayList<>(count);
    String receivedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    for (int i = 0; i < count; i++) {
      Play p = play("u-bench-" + random.nextInt(5_000), songs.get(random.nextInt(songs.size())).songId(), random);
      plays.add(p);
      String json = "{\"schema_version\":2,\"event_id\":\"" + p.eventId() + "\",\"user_id\":\"" + p.userId()
          + "\",\"subscription\":\"PREMIUM\",\"song_id\":\"" + p.songId() + "\",\"duration_ms\":" + p.durationMs()
          + ",\"bitrate\":" + p.bitrate() + ",\"played_at\":\"" + p.playedAt() + "\",\"received_at\":\"" + receivedAt + "\"}";
      store.produceAsync(p.userId(), json.getBytes(StandardCharsets.UTF_8));
    }
    store.flush();
    log.info("{} plays written to {}", count, store.input);
    return plays;
  }

  /** Plays per second while the committed offsets go from 10 % to 90 % of the backlog (start-up and tail left out). */
  private static ObjectNode pipelineThroughput(PlayStore store, int backlog) throws Exception {
    long low = backlog / 10;
    long high = backlog * 9L / 10;
    long lowAt = 0;
    long lowCount = 0;
    long highAt = 0;
    long highCount = 0;
    long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
    while (System.nanoTime() < deadline) {
      long committed = PlayStore.sum(store.committed());
      long now = System.nanoTime();
      if (lowAt == 0 && committed >= low) {
        lowAt = now;
        lowCount = committed;
      }
      if (committed >= high) {
        highAt = now;
        highCount = committed;
        break;
      }
      Thread.sleep(200);
    }
    if (highAt == 0) {
      throw new IllegalStateException("the pipeline did not store 90 % of the backlog within 30 minutes");
    }
    double perSecond = (highCount - lowCount) / ((highAt - lowAt) / 1e9);
    log.info("pipeline: {} plays/s", (long) perSecond);
    while (!store.everythingStored()) {
      Thread.sleep(500);
    }
    ObjectNode node = JSON.createObjectNode();
    node.put("runner", "SparkRunner, Spark local mode, local[" + Math.max(2, Runtime.getRuntime().availableProcessors()) + "]");
    node.put("backlog_plays", backlog);
    node.put("measured_between", "10% and 90% of the backlog committed (rows acknowledged, offsets committed)");
    node.put("sustained_plays_per_s", Math.round(perSecond));
    node.put("cassandra_rows_per_play", 2);
    return node;
  }

  /** From each play's 202 to its row being readable in plays_by_user, for plays posted at a steady rate. */
  private static ObjectNode latency(ApiClient client, List<Account> listeners, List<Catalog.Song> songs, CqlSession cassandra)
      throws InterruptedException {
    Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
    Map<String, Long> seenAt = new ConcurrentHashMap<>();
    PreparedStatement newest = cassandra.prepare("SELECT event_id FROM plays_by_user WHERE user_id = ? LIMIT 200");
    Thread poller = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        for (Account listener : listeners) {
          for (Row row : cassandra.execute(newest.bind(listener.userId()))) {
            String id = row.getUuid("event_id").toString();
            if (acceptedAt.containsKey(id)) {
              seenAt.putIfAbsent(id, System.nanoTime());
            }
          }
        }
        try {
          Thread.sleep(LATENCY_POLL_MS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "latency-poller");
    poller.start();
    Random random = new Random(5);
    long pause = 1_000_000_000L / LATENCY_RATE;
    long end = System.nanoTime() + LATENCY_WINDOW.toNanos();
    int i = 0;
    long next = System.nanoTime();
    while (System.nanoTime() < end) {
      Account listener = listeners.get(i++ % listeners.size());
      // played just now, so that it is the newest row of its listener and the poll sees it at once
      Play play = new Play(UUID.randomUUID().toString(), listener.userId(), "PREMIUM",
          songs.get(random.nextInt(songs.size())).songId(), 30_000, 320, Instant.now().minusSeconds(31).truncatedTo(ChronoUnit.MILLIS));
      if (client.postPlay(listener, play.body()).status() == 202) {
        acceptedAt.put(play.storedEventId().toString(), System.nanoTime()); // the id the row is stored under
      }
      next += pause;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    }
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (seenAt.size() < acceptedAt.size() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    poller.interrupt();
    poller.join();
    long[] millis = acceptedAt.entrySet().stream().filter(e -> seenAt.containsKey(e.getKey()))
        .mapToLong(e -> (seenAt.get(e.getKey()) - e.getValue()) / 1_000_000).sorted().toArray();
    ObjectNode node = JSON.createObjectNode();
    node.put("plays", acceptedAt.size());
    node.put("seen", millis.length);
    node.put("rate_per_s", LATENCY_RATE);
    node.put("poll_interval_ms", LATENCY_POLL_MS);
    node.put("p50_ms", HttpLoad.percentile(millis, 50));
    node.put("p95_ms", HttpLoad.percentile(millis, 95));
    node.put("p99_ms", HttpLoad.percentile(millis, 99));
    node.put("max_ms", millis.length == 0 ? Double.NaN : millis[millis.length - 1]);
    log.info("end-to-end latency p50 {} ms, p99 {} ms ({} plays)", HttpLoad.percentile(millis, 50),
        HttpLoad.percentile(millis, 99), millis.length);
    return node;
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private static void write(Path dir, ObjectNode results) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("plays.json"), JSON.writeValueAsString(results) + "\n");
    Files.writeString(dir.resolve("plays.md"), PlaysReport.markdown(results));
    log.info("results written to {}", dir.resolve("plays.json"));
    System.out.println(JSON.writeValueAsString(results));
  }
}
