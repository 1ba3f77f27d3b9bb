package io.harmonia.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The serving API as a process on a free port, producing play events to the given topic. */
public final class ApiProcess implements AutoCloseable {

  public final ModuleProcess process;
  public final String baseUrl;

  private ApiProcess(ModuleProcess process, String baseUrl) {
    this.process = process;
    this.baseUrl = baseUrl;
  }

  public static ApiProcess start(Platform platform, String playsTopic) {
    return start(platform, playsTopic, Map.of());
  }

  /** With more of the API's settings (its environment variables: rate limits, {@code HARMONIA_PLAYS_MAX_AGE_DAYS}, ...). */
  public static ApiProcess start(Platform platform, String playsTopic, Map<String, String> settings) {
    int port = freePort();
    String url = "http://127.0.0.1:" + port;
    Map<String, String> env = new HashMap<>(settings);
    env.putAll(Map.of("HARMONIA_API_PORT", Integer.toString(port), "HARMONIA_API_URL", url,
        "HARMONIA_PLAYS_TOPIC", playsTopic));
    ModuleProcess process = ModuleProcess.start(platform, "api", "serving-api",
        List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC"), "io.harmonia.api.ApiServer", List.of(), env);
    process.awaitLog("serving API listening", Duration.ofSeconds(120));
    return new ApiProcess(process, url);
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
