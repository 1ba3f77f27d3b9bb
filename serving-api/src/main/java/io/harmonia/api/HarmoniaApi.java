package io.harmonia.api;

import static io.harmonia.api.auth.Access.PUBLIC;
import static io.harmonia.api.auth.Access.ROYALTY;
import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.patch;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.harmonia.api.health.HealthRegistry;
import io.harmonia.api.http.JettyProblemErrorHandler;
import io.harmonia.api.http.Json;
import io.harmonia.api.http.ProblemMapper;
import io.harmonia.api.metrics.HttpMetrics;
import io.harmonia.api.plays.PlayStores;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import redis.clients.jedis.JedisPooled;

/** The serving API: its configuration and, in {@link #routes}, its whole surface on one screen. */
public final class HarmoniaApi {

  private HarmoniaApi() {}

  public static Javalin create(ApiSettings settings, DataSource db, JedisPooled redis, ElasticsearchClient es,
      PlayStores plays, PrometheusMeterRegistry metrics) {
    HealthRegistry health = Handlers.newHealthRegistry();
    Handlers handlers = Handlers.wire(settings, db, redis, es, plays, metrics, health, Clock.systemUTC());
    Javalin app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.http.prefer405over404 = true;
      config.http.maxRequestSize = settings.maxBodyBytes();
      config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
      config.jetty.modifyServer(server -> server.setErrorHandler(new JettyProblemErrorHandler()));
      config.events.serverStopped(health::close);
      config.events.serverStopped(handlers.search()::close);
      config.events.serverStopped(() -> handlers.playlists().keyRetention().close());
      ProblemMapper.register(config.routes, settings.maxBodyBytes());
      handlers.bearerAuth().register(config.routes);
      handlers.rateLimiter().register(config.routes); // after authentication: it limits per user
      HttpMetrics.register(config, metrics);
      routes(config.routes, handlers);
      servePlayer(config);
    });
    return app;
  }

  /**
   * The web player (module web-player: plain ES modules, classpath folder {@code /web-player}) at {@code /}: public,
   * outside the rate limits (they cover {@code /api/v1}), revalidated on each load so a new release is picked up.
   */
  static void servePlayer(JavalinConfig config) {
    config.staticFiles.add(files -> {
      files.hostedPath = "/";
      files.directory = "/web-player";
      files.location = Location.CLASSPATH;
      files.roles = Set.of(PUBLIC);
      files.headers = Map.of("Cache-Control", "no-cache");
    });
  }

  /** Every route. Each one needs a bearer token unless marked PUBLIC; each one is in openapi.json. */
  static void routes(RoutesConfig routes, Handlers h) {
    routes.apiBuilder(() -> {
      get("/health", h.health()::get, PUBLIC);
      get("/metrics", h.metrics()::scrape, PUBLIC);
      path("/api/v1", () -> {
        get("openapi.json", h.openApi()::get, PUBLIC);
        post("users", h.users()::create, PUBLIC);
        post("auth/token", h.auth()::issueToken, PUBLIC);
        get("me", h.users()::me);
        get("me/recently-played", h.recentlyPlayed()::get);
        post("play-events", h.playEvents()::post);
        post("play-events/batch", h.playEvents()::postBatch);
        path("songs/{song_id}", () -> {
          get(h.songs()::get);
          post("play", h.playback()::play);
        });
        path("artists/{artist_id}", () -> {
          get(h.artists()::get);
          get("albums", h.artists()::albums);
        });
        get("albums/{album_id}", h.albums()::get);
        path("recommendations", () -> {
          get("discover-weekly", h.recommendations()::discoverWeekly);
          get("daily-mix", h.recommendations()::dailyMix);
        });
        get("search", h.search()::search);
        get("search/suggest", h.search()::suggest);
        get("royalties/exports", h.royalties()::exports, ROYALTY);
        get("me/playlists", h.playlists().lists()::mine);
        post("playlists", h.playlists().lists()::create);
        path("playlists/{playlist_id}", () -> {
          get(h.playlists().lists()::get);
          patch(h.playlists().lists()::update);
          delete(h.playlists().lists()::delete);
          post("songs", h.playlists().songs()::add);
          put("songs/reorder", h.playlists().songs()::reorder);
          delete("songs/{song_id}", h.playlists().songs()::remove);
          post("collaborators", h.playlists().collaborators()::add);
          delete("collaborators/{user_id}", h.playlists().collaborators()::remove);
        });
      });
    });
  }
}
