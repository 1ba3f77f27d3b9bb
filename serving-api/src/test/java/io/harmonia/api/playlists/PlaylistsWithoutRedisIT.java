package io.harmonia.api.playlists;

import static io.harmonia.api.testing.Playlists.songIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.api.testing.ApiUnderTest;
import io.harmonia.api.testing.ApiUnderTest.Account;
import io.harmonia.api.testing.ApiUnderTest.Response;
import io.harmonia.api.testing.Platform;
import io.harmonia.api.testing.Playlists;
import io.harmonia.api.testing.TcpProxy;
import io.harmonia.clients.RedisClients;
import io.harmonia.config.HarmoniaConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/**
 * Playlists while Redis is gone: reads and writes work from PostgreSQL (the rate limiter fails
 * open), and once Redis is back the cache is consistent — after a restart (Redis comes back
 * empty) and, the harder case, after a partition (Redis comes back with an entry that a write
 * could not invalidate while it was unreachable).
 */
class PlaylistsWithoutRedisIT {

  @Test
  void withRedisStoppedPlaylistsWorkFromPostgresAndTheCacheIsConsistentAfterItRestarts() {
    // no tokens held in the process: every request asks Redis, so the outage shows on the next one
    try (ApiUnderTest api = new ApiUnderTest(Map.of("HARMONIA_RATE_LIMIT_LEASE_TOKENS", "1"))) {
      Playlists playlists = new Playlists(api);
      Account owner = api.newAccount("FREE");
      List<String> songs = playlists.songs(3);
      String id = playlists.createId(owner.token(), "Through an outage", false);
      playlists.addAll(owner.token(), id, songs.subList(0, 1));
      assertThat(playlists.get(owner.token(), id).json().get("version").asLong()).isEqualTo(2);
      assertThat(api.redis.hget("playlist:" + id, "version")).isEqualTo("2");

      Platform.run("down", "redis");
      try {
        Response added = playlists.add(owner.token(), id, songs.get(1), 0);
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.header("X-RateLimit-Remaining")).as("the limiter failed open").isNull();
        Response moved = playlists.move(owner.token(), id, songs.get(0), 0, "If-Match", "\"3\"");
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        JsonNode during = playlists.get(owner.token(), id).json();
        assertThat(during.get("version").asLong()).isEqualTo(4);
        assertThat(songIds(during)).containsExactly(songs.get(0), songs.get(1));
        assertThat(api.get("/health", null).status()).isEqualTo(503);
        assertThat(api.get("/metrics", null).body())
            .containsPattern("harmonia_ratelimit_requests_total\\{result=\"fail_open\"\\} [1-9]");
      } finally {
        Platform.run("up", "redis");
      }

      await().atMost(Duration.ofSeconds(30)).until(() -> "4".equals(readThenCached(api, playlists, owner, id)));
      assertThat(playlists.add(owner.token(), id, songs.get(2), null).status()).isEqualTo(200);
      JsonNode after = playlists.get(owner.token(), id).json();
      assertThat(after.get("version").asLong()).isEqualTo(5);
      assertThat(songIds(after)).containsExactly(songs.get(0), songs.get(1), songs.get(2));
    }
  }

  @Test
  void anEntryAWriteCouldNotInvalidateDuringAPartitionIsNeverServed() throws Exception {
    HarmoniaConfig config = HarmoniaConfig.fromEnvironment();
    try (TcpProxy partition = new TcpProxy(config.redis().host(), config.redis().port());
        JedisPooled direct = RedisClients.pooled(config, Duration.ofSeconds(2));
        ApiUnderTest api = new ApiUnderTest(new JedisPooled(new HostAndPort("127.0.0.1", partition.port()),
            DefaultJedisClientConfig.builder().connectionTimeoutMillis(500).socketTimeoutMillis(500).build()))) {
      Playlists playlists = new Playlists(api);
      Account owner = api.newAccount("FREE");
      List<String> songs = playlists.songs(2);
      String id = playlists.createId(owner.token(), "Partitioned", false);
      playlists.addAll(owner.token(), id, songs.subList(0, 1));
      playlists.get(owner.token(), id);
      assertThat(direct.hget("playlist:" + id, "version")).isEqualTo("2");

      partition.cut();
      Response added = playlists.add(owner.token(), id, songs.get(1), null);
      assertThat(added.status()).as(added.body()).isEqualTo(200);
      JsonNode during = playlists.get(owner.token(), id).json();
      assertThat(during.get("version").asLong()).isEqualTo(3);
      assertThat(direct.hget("playlist:" + id, "version")).as("the write's DEL never reached Redis").isEqualTo("2");

      partition.restore();
      JsonNode after = playlists.get(owner.token(), id).json();
      assertThat(after.get("version").asLong()).as("the stale entry is not served").isEqualTo(3);
      assertThat(songIds(after)).containsExactly(songs.get(0), songs.get(1));
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> {
            playlists.get(owner.token(), id);
            return "3".equals(direct.hget("playlist:" + id, "version"));
          });
    }
  }

  /** Reads the playlist through the API, then says which version Redis holds for it (null: none). */
  private static String readThenCached(ApiUnderTest api, Playlists playlists, Account owner, String id) {
    assertThat(playlists.get(owner.token(), id).status()).isEqualTo(200);
    return api.redis.hget("playlist:" + id, "version");
  }
}
