package io.harmonia.system.plays;

import io.harmonia.system.ApiClient;
import io.harmonia.system.ApiProcess;
import io.harmonia.system.ModuleProcess;
import io.harmonia.system.Platform;
import io.harmonia.system.PlayPipelineProcess;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The path of plays as the system tests drive it: topics and a consumer group of the test's own
 * ({@link PlayStore}), songs in the catalog, the serving API and the play-events pipeline as
 * processes, and a client of that API. Closing stops the processes and deletes the test's topics,
 * each whatever became of the others.
 */
public final class PlayPath implements AutoCloseable {

  public final Platform platform;
  public final PlayStore store;
  public final Catalog catalog;
  public final ApiProcess api;
  public final ApiClient client;
  private final Optional<String> sparkMaster;
  private ModuleProcess pipeline;

  private PlayPath(Platform platform, PlayStore store, Catalog catalog, ApiProcess api, Optional<String> sparkMaster) {
    this.platform = platform;
    this.store = store;
    this.catalog = catalog;
    this.api = api;
    this.client = new ApiClient(api.baseUrl);
    this.sparkMaster = sparkMaster;
  }

  /**
   * Starts the API (with these of its settings, see {@link ApiProcess#start(Platform, String, Map)})
   * and the pipeline on topics named after the test.
   */
  public static PlayPath start(String testName, Map<String, String> apiSettings) {
    return start(testName, apiSettings, Optional.empty(), path -> { });
  }

  /**
   * The same, running {@code beforePipeline} once the API is up and before the pipeline starts (the
   * slow part): where a test starts the playbacks whose plays it reports later, so that they are
   * heard while the pipeline starts.
   */
  public static PlayPath start(String testName, Map<String, String> apiSettings, Consumer<PlayPath> beforePipeline) {
    return start(testName, apiSettings, Optional.empty(), beforePipeline);
  }

  /** The same, with the pipeline submitted to the Spark cluster at {@code sparkMaster}. */
  public static PlayPath startOnCluster(String testName, String sparkMaster) {
    return start(testName, Map.of(), Optional.of(sparkMaster), path -> { });
  }

  private static PlayPath start(String testName, Map<String, String> apiSettings, Optional<String> sparkMaster,
      Consumer<PlayPath> beforePipeline) {
    Platform platform = new Platform();
    PlayStore store = new PlayStore(platform.config, testName);
    Catalog catalog = null;
    ApiProcess api = null;
    try {
      catalog = new Catalog(platform.config);
      api = ApiProcess.start(platform, store.input, apiSettings);
      PlayPath path = new PlayPath(platform, store, catalog, api, sparkMaster);
      beforePipeline.accept(path);
      path.restartPipeline();
      return path;
    } catch (RuntimeException e) {
      closeAll(e, api, catalog, store);
      throw e;
    }
  }

  /** The pipeline process started last. */
  public ModuleProcess pipeline() {
    return pipeline;
  }

  /**
   * Stops the running pipeline, if any, and starts a new one: it resumes from the offsets the
   * consumer group has committed.
   */
  public ModuleProcess restartPipeline() {
    stopPipeline();
    pipeline = sparkMaster.isPresent()
        ? PlayPipelineProcess.startOnCluster(platform, sparkMaster.get(), store.input, store.deadLetters, store.group)
        : PlayPipelineProcess.start(platform, store.input, store.deadLetters, store.group);
    return pipeline;
  }

  /** Stops the pipeline (the plays it has not committed stay in Kafka). */
  public void stopPipeline() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Override
  public void close() {
    RuntimeException failure = new IllegalStateException("closing the play path failed");
    closeAll(failure, pipeline, api, catalog, store);
    if (failure.getSuppressed().length > 0) {
      throw failure;
    }
  }

  private static void closeAll(RuntimeException failure, AutoCloseable... closeables) {
    for (AutoCloseable c : closeables) {
      if (c == null) {
        continue;
      }
      try {
        c.close();
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
  }
}
