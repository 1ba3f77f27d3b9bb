package io.harmonia.api;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.api.plays.PlayStores;
import io.harmonia.clients.PostgresClients;
import io.harmonia.clients.RedisClients;
import io.harmonia.clients.SearchClients;
import io.harmonia.config.HarmoniaConfig;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.JedisPooled;

/** Starts the serving API: opens the stores' clients, builds the app, closes them on shutdown. */
public final class ApiServer {

  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  private ApiServer() {}

  public static void main(String[] args) throws InterruptedException {
    HarmoniaConfig config = HarmoniaConfig.fromEnvironment();
    ApiSettings settings = ApiSettings.from(config);

    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    JvmGcMetrics gcMetrics = new JvmGcMetrics();
    gcMetrics.bindTo(metrics);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ClassLoaderMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    new UptimeMetrics().bindTo(metrics);

    HikariDataSource db = PostgresClients.dataSource(config, "serving-api", settings.dbPoolSize());
    JedisPooled redis = RedisClients.pooled(config, Duration.ofSeconds(2), settings.redisPoolSize());
    ElasticsearchClient es = SearchClients.elasticsearch(config, Duration.ofSeconds(1), settings.elasticsearchTimeout());
    PlayStores plays = PlayStores.open(config);
    awaitFirstCassandraAttempt(plays);
    Javalin app = HarmoniaApi.create(settings, db, redis, es, plays, metrics);

    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("stopping the API");
      app.stop();
      plays.close();
      redis.close();
      db.close();
      try {
        es._transport().close();
      } catch (java.io.IOException e) {
        log.debug("closing the Elasticsearch client", e);
      }
      gcMetrics.close();
    }, "api-shutdown"));

    app.start(settings.host(), settings.port());
    log.info("serving API listening on http://{}:{}/api/v1 (edge {})", settings.host(), settings.port(),
        settings.edgeBaseUrl());
  }

  /** Starts serving without Cassandra if need be (it connects in the background), but not before trying once. */
  private static void awaitFirstCassandraAttempt(PlayStores plays) throws InterruptedException {
    if (!plays.cassandra().awaitFirstAttempt(Duration.ofSeconds(20))) {
      log.warn("starting without Cassandra: recently played answers 503 until it is reachable");
    }
  }
}
