package io.harmonia.reco.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.clients.RecoKeys;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.reco.JobOptions;
import io.harmonia.reco.RecoJob;
import io.harmonia.reco.TasteCommunities;
import io.harmonia.reco.TestSpark;
import io.harmonia.reco.report.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The job against the real Redis (bin/platform up redis), from a triples file: a run that passes
 * its gate becomes current; a run that fails it publishes nothing and the first set stays.
 */
class RedisPublishIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aPassingRunIsPublishedAndAFailingRunLeavesItInPlace() throws Exception {
    HarmoniaConfig config = HarmoniaConfig.fromEnvironment();
    Path input = TasteCommunities.write(dir.resolve("plays.tsv"), 60, 4, 15, 8, new Random(11));
    Map<String, Set<String>> played = new HashMap<>();
    for (String line : Files.readAllLines(input).subList(1, 481)) {
      String[] f = line.split("\t");
      played.computeIfAbsent(f[0], u -> new HashSet<>()).add(f[1]);
    }

    RunReport first = run(config, input, "0.1");

    assertThat(first.get("status")).isEqualTo("published");
    String runId = (String) first.get("run_id");
    try (Jedis redis = RedisPublisher.connect(new RedisPublisher.Target(config.redis().host(), config.redis().port()))) {
      assertThat(redis.get(RecoKeys.CURRENT_RUN)).isEqualTo(runId);
      for (String user : List.of("u0", "u1", "u2", "u3", "u59")) {
        JsonNode dw = JSON.readTree(redis.get(RecoKeys.discoverWeekly(runId, user)));
        assertThat(dw.get("kind").asText()).isEqualTo("discover-weekly");
        assertThat(dw.get("model_run_id").asText()).isEqualTo(runId);
        Set<String> songs = new HashSet<>();
        dw.get("song_ids").forEach(s -> songs.add(s.asText()));
        assertThat(songs).hasSize(30).doesNotContainAnyElementsOf(played.get(user));
        assertThat(redis.ttl(RecoKeys.discoverWeekly(runId, user))).isBetween(6 * 86_400L, 7 * 86_400L);
        JsonNode mix = JSON.readTree(redis.get(RecoKeys.dailyMix(runId, user, 1)));
        assertThat(mix.get("playlist_name").asText()).isEqualTo("Daily Mix 1");
        assertThat(mix.get("song_ids").size()).isPositive();
        assertThat(redis.ttl(RecoKeys.dailyMix(runId, user, 1))).isBetween(23 * 3600L, 24 * 3600L);
      }
      JsonNode popular = JSON.readTree(redis.get(RecoKeys.popular(runId)));
      assertThat(popular.get("fallback").asBoolean()).isTrue();
      assertThat(popular.get("song_ids").size()).isEqualTo(60);
      assertThat(JSON.readTree(redis.get(RecoKeys.manifest(runId))).get("discover_weekly_keys").asLong()).isEqualTo(60);
      String firstDw = redis.get(RecoKeys.discoverWeekly(runId, "u0"));

      RunReport second = run(config, input, "1000");

      assertThat(second.get("status")).isEqualTo("gate-failed");
      assertThat((String) second.get("status_reason")).contains("NDCG@10", "previous published set stays current");
      assertThat(redis.get(RecoKeys.CURRENT_RUN)).isEqualTo(runId);
      assertThat(redis.get(RecoKeys.discoverWeekly(runId, "u0"))).isEqualTo(firstDw);
      assertThat(redis.keys(RecoKeys.runPrefix((String) second.get("run_id")) + "*")).isEmpty();
    }
  }

  private RunReport run(HarmoniaConfig config, Path input, String gateMargin) {
    JobOptions options = JobOptions.parse(new String[] {"--input", input.toString(), "--rank", "8", "--max-iter", "8",
        "--reg-param", "0.05", "--alpha", "10", "--min-item-users", "1", "--taste-groups", "4",
        "--discover-weekly-size", "30", "--gate-margin", gateMargin,
        "--report-dir", dir.resolve("reports").toString()}, dir);
    return new RecoJob(TestSpark.session(), config, options).run();
  }
}
