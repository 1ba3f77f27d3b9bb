package io.harmonia.api.testing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.api.admin.AccountAdmin;
import io.harmonia.api.ApiSettings;
import io.harmonia.api.HarmoniaApi;
import io.harmonia.api.http.Json;
import io.harmonia.api.plays.PlayStores;
import io.harmonia.clients.PostgresClients;
import io.harmonia.clients.RedisClients;
import io.harmonia.clients.SearchClients;
import io.harmonia.config.HarmoniaConfig;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * The real API, started in-process on a free port against the real PostgreSQL and Redis that
 * {@code bin/platform up postgres redis} runs (same environment variables as the app), with an HTTP
 * client for it. One per test class.
 *
 * <p>Rate limits are raised far above what any test sends (tests share one client address and
 * create many users), unless the test sets them: {@code RateLimitIT} does.
 */
public final class ApiUnderTest implements AutoCloseable {

  private static final Map<String, String> UNLIMITED = Map.of(
      "HARMONIA_RATE_LIMIT_USER_PER_SECOND", "100000", "HARMONIA_RATE_LIMIT_USER_BURST", "1000000",
      "HARMONIA_RATE_LIMIT_ADDRESS_PER_SECOND", "100000", "HARMONIA_RATE_LIMIT_ADDRESS_BURST", "1000000");

  public final HarmoniaConfig config;
  public final ApiSettings settings;
  public final HikariDataSource db;
  public final JedisPooled redis;
  public final PlayStores plays;
  public final ElasticsearchClient es;
  public final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  public final Javalin app;
  public final Catalog catalog;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public ApiUnderTest() {
    this(Map.of());
  }

  /** With these settings (environment variable names) over the environment's. */
  public ApiUnderTest(Map<String, String> overrides) {
    this(RedisClients.pooled(HarmoniaConfig.fromEnvironment(), Duration.ofSeconds(2), 16), overrides);
  }

  /** With a Redis client of the test's choosing (e.g. one pointing at a port where nothing listens). */
  public ApiUnderTest(JedisPooled redis) {
    this(redis, Map.of());
  }

  public ApiUnderTest(JedisPooled redis, Map<String, String> overrides) {
    this(redis, defaultElasticsearch(), overrides);
  }

  /** With an Elasticsearch client of the test's choosing (e.g. one pointing at a port where nothing listens). */
  public ApiUnderTest(JedisPooled redis, ElasticsearchClient es) {
    this(redis, es, Map.of());
  }

  public ApiUnderTest(JedisPooled redis, ElasticsearchClient es, Map<String, String> overrides) {
    this(redis, es, PlayStores.open(configWith(overrides)), overrides);
  }

  /** With the play stores of the test's choosing (its own topic, or a Kafka that is not there). */
  public ApiUnderTest(JedisPooled redis, PlayStores plays) {
    this(redis, defaultElasticsearch(), plays, Map.of());
  }

  public ApiUnderTest(JedisPooled redis, ElasticsearchClient es, PlayStores plays) {
    this(redis, es, plays, Map.of());
  }

  public ApiUnderTest(JedisPooled redis, ElasticsearchClient es, PlayStores plays, Map<String, String> overrides) {
    this.config = configWith(overrides);
    this.settings = ApiSettings.from(config);
    this.db = PostgresClients.dataSource(config, "serving-api-test", 8);
    this.redis = redis;
    this.es = es;
    this.plays = plays;
    awaitCassandra(plays);
    this.app = HarmoniaApi.create(settings, db, redis, es, plays, metrics).start("127.0.0.1", 0);
    this.catalog = new Catalog(db);
  }

  /** The environment, with unlimited rate limits under it and the test's overrides over it. */
  private static HarmoniaConfig configWith(Map<String, String> overrides) {
    Map<String, String> environment = new HashMap<>(UNLIMITED);
    environment.putAll(System.getenv());
    environment.putAll(overrides);
    return HarmoniaConfig.of(environment);
  }

  private static ElasticsearchClient defaultElasticsearch() {
    return SearchClients.elasticsearch(HarmoniaConfig.fromEnvironment(), Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  private static void awaitCassandra(PlayStores plays) {
    try {
      if (!plays.cassandra().awaitFirstAttempt(Duration.ofSeconds(60))) {
        throw new AssertionError("Cassandra is not reachable: run bin/platform up cassandra");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A Redis client for a port where nothing listens: Redis as an outage shows it. */
  public static JedisPooled unreachableRedis() {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new JedisPooled(new HostAndPort("127.0.0.1", closedPort),
        DefaultJedisClientConfig.builder().connectionTimeoutMillis(500).socketTimeoutMillis(500).build());
  }

  /** A value as a JSON tree, to compare with response bodies. */
  public JsonNode json(Object value) {
    return Json.MAPPER.valueToTree(value);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + app.port();
  }

  public record Response(int status, Map<String, java.util.List<String>> headers, String body) {
    public JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    public String contentType() {
      return header("Content-Type");
    }
  }

  public Response get(String path, String token) {
    return send(request(path, token).GET());
  }

  public Response postJson(String path, Object body, String token) {
    String json = body instanceof String s ? s : Json.write(body);
    return send(request(path, token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** Any method, with a JSON body (or none when {@code body} is null) and extra headers (name, value, ...). */
  public Response send(String method, String path, Object body, String token, String... headers) {
    HttpRequest.Builder request = request(path, token);
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    if (body == null) {
      return send(request.method(method, HttpRequest.BodyPublishers.noBody()));
    }
    String json = body instanceof String s ? s : Json.write(body);
    return send(request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json)));
  }

  public Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new AssertionError("request failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  public HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  public record Account(String userId, String email, String password, String token) {}

  /**
   * A new user with a unique email, and a token for it. Sign-up makes a FREE account; another tier
   * and any roles are set the operator's way ({@link AccountAdmin.Accounts}) before the token is issued.
   */
  public Account newAccount(String subscription, String... roles) {
    String email = "it-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
    String password = "pw-" + UUID.randomUUID();
    Response created = postJson("/api/v1/users",
        Map.of("email", email, "password", password, "display_name", "Listener"), null);
    if (created.status() != 201) {
      throw new AssertionError("creating a user failed: " + created);
    }
    String userId = created.json().get("user_id").asText();
    try {
      AccountAdmin.Accounts operator = new AccountAdmin.Accounts(db, "test set-up");
      if (!"FREE".equals(subscription)) {
        operator.setTier(userId, subscription, "it-operator");
      }
      for (String role : roles) {
        operator.changeRole(userId, role, true, "it-operator");
      }
    } catch (java.sql.SQLException e) {
      throw new AssertionError("setting up the account failed", e);
    }
    Response token = postJson("/api/v1/auth/token", Map.of("email", email, "password", password), null);
    if (token.status() != 200) {
      throw new AssertionError("issuing a token failed: " + token);
    }
    return new Account(created.json().get("user_id").asText(), email, password, token.json().get("access_token").asText());
  }

  @Override
  public void close() {
    app.stop();
    plays.close();
    redis.close();
    db.close();
    try {
      es._transport().close();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
