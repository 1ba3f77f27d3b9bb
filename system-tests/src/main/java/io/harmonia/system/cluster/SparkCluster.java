package io.harmonia.system.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.system.Platform;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * The Spark standalone cluster that {@code bin/platform up spark} starts (a master, workers 1 and
 * 2): what its master and workers say in their JSON, and their processes, so that a test can kill a
 * worker (SIGKILL, a lost node) and bring it back ({@code bin/platform up spark-worker-N}).
 */
public final class SparkCluster {

  private static final ObjectMapper JSON = new ObjectMapper();
  public static final int WORKERS = 2;

  private final Platform platform;
  private final String host;
  private final int masterPort;
  private final int masterUiPort;
  private final int workerUiPortBase;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  public SparkCluster(Platform platform) {
    this.platform = platform;
    int offset = platform.config.getInt("HARMONIA_PORT_OFFSET", 0);
    this.host = platform.config.get("HARMONIA_HOST", "127.0.0.1");
    this.masterPort = platform.config.getInt("HARMONIA_SPARK_MASTER_PORT", 7077 + offset);
    this.masterUiPort = platform.config.getInt("HARMONIA_SPARK_MASTER_UI_PORT", 8180 + offset);
    this.workerUiPortBase = platform.config.getInt("HARMONIA_SPARK_WORKER_UI_PORT_BASE", 8180 + offset);
  }

  public String masterUrl() {
    return "spark://" + host + ":" + masterPort;
  }

  /** The master's status: {@code workers}, {@code activeapps}, {@code completedapps}, ... */
  public JsonNode master() {
    return get("http://" + host + ":" + masterUiPort + "/json/");
  }

  public long aliveWorkers() {
    return StreamSupport.stream(master().path("workers").spliterator(), false)
        .filter(w -> "ALIVE".equals(w.path("state").asText())).count();
  }

  /** The newest running application of that name. */
  public Optional<String> activeAppId(String name) {
    return apps("activeapps", name).stream().reduce((a, b) -> b).map(a -> a.path("id").asText());
  }

  /** Applications of that name in {@code activeapps} or {@code completedapps}, oldest first. */
  public List<JsonNode> apps(String list, String name) {
    List<JsonNode> apps = new ArrayList<>();
    for (JsonNode app : master().path(list)) {
      if (name.equals(app.path("name").asText())) {
        apps.add(app);
      }
    }
    apps.sort((a, b) -> Long.compare(a.path("starttime").asLong(), b.path("starttime").asLong()));
    return apps;
  }

  /** The workers (1, 2) running an executor of the application. */
  public List<Integer> workersRunning(String appId) {
    List<Integer> workers = new ArrayList<>();
    for (int n = 1; n <= WORKERS; n++) {
      try {
        for (JsonNode executor : get("http://" + host + ":" + (workerUiPortBase + n) + "/json/").path("executors")) {
          if (appId.equals(executor.path("appid").asText())) {
            workers.add(n);
            break;
          }
        }
      } catch (IllegalStateException down) {
        // a dead worker runs nothing
      }
    }
    return workers;
  }

  /** SIGKILL to worker N's JVM, as a lost node; its executors lose their worker and end. */
  public void kill(int worker) {
    long pid = workerPid(worker);
    ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("worker " + worker
        + " (pid " + pid + ") is not running"));
    process.destroyForcibly();
    process.onExit().join();
  }

  /** Starts worker N again the way an operator would; returns once the master lists it ALIVE. */
  public void restart(int worker) {
    platform.run(Duration.ofMinutes(3), "up", "spark-worker-" + worker);
  }

  private long workerPid(int worker) {
    Path file = platform.config.stateDir().resolve("run").resolve("spark-worker-" + worker + ".pid");
    try {
      return Long.parseLong(Files.readString(file).trim().split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("no pid for spark-worker-" + worker + " in " + file + " (bin/platform up spark)", e);
    }
  }

  private JsonNode get(String url) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(url + " answered " + response.statusCode());
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(url + " did not answer: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
