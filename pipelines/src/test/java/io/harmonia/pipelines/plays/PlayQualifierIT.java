package io.harmonia.pipelines.plays;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.harmonia.clients.CassandraClients;
import io.harmonia.config.HarmoniaConfig;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules that need what is stored (play_id claims, overlap), against the real Cassandra. */
class PlayQualifierIT {

  private CqlSession cassandra;
  private PlayWriter writer;
  private final String user = "u-qualify-" + UUID.randomUUID().toString().substring(0, 8);
  private final Instant issued = Instant.now().minusSeconds(3600).truncatedTo(ChronoUnit.MILLIS);
  private long offset;

  @BeforeEach
  void connect() {
    cassandra = CassandraClients.session(HarmoniaConfig.fromEnvironment());
    writer = new PlayWriter(() -> cassandra, 8, 20, () -> { });
  }

  @AfterEach
  void close() {
    cassandra.close();
  }

  private SourcedPlay play(String playId, long startS, int durationMs) {
    Instant start = issued.plusSeconds(startS);
    return new SourcedPlay(0, offset++, new PlayEvent(UUID.randomUUID(), user, "FREE", "s-1", durationMs, 128, start,
        start.plusMillis(durationMs).plusSeconds(1), "it", new PlayEvent.Proof(playId, "valid", issued, 240_000)));
  }

  private static String newPlayId() {
    return "p1.it." + UUID.randomUUID();
  }

  private Map<UUID, String> stored() {
    Map<UUID, String> verdicts = new LinkedHashMap<>();
    for (Row row : cassandra.execute("SELECT event_id, qualified, rule FROM plays_by_user WHERE user_id = ?", user)) {
      verdicts.put(row.getUuid("event_id"), row.getBoolean("qualified") ? "qualified" : row.getString("rule"));
    }
    return verdicts;
  }

  private String verdict(SourcedPlay play) {
    return stored().get(play.play().eventId());
  }

  @Test
  void onePlayIdPaysOncePostedTenTimesWithTenEventIds() throws Exception {
    String playId = newPlayId();
    List<SourcedPlay> copies = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      copies.add(play(playId, 10L * 60 * i, 40_000)); // far apart: only the play_id ties them
    }
    writer.write(copies.subList(0, 4));
    writer.write(copies.subList(4, 10)); // a later batch sees the claim of the first

    assertThat(verdict(copies.get(0))).isEqualTo("qualified");
    for (SourcedPlay copy : copies.subList(1, 10)) {
      assertThat(verdict(copy)).isEqualTo("play-id-reused");
    }
  }

  @Test
  void overlappingPlaysAreNotPaidTwiceAndBackToBackOnesAre() throws Exception {
    SourcedPlay first = play(newPlayId(), 0, 60_000);
    SourcedPlay backToBack = play(newPlayId(), 60, 60_000);
    SourcedPlay overlapping = play(newPlayId(), 30, 60_000);
    writer.write(List.of(first));
    writer.write(List.of(backToBack, overlapping));

    assertThat(verdict(first)).isEqualTo("qualified");
    assertThat(verdict(backToBack)).isEqualTo("qualified");
    assertThat(verdict(overlapping)).isEqualTo("overlapping");
    // the overlapping play did not spend its play_id: reported again alone, later, it is paid
  }

  @Test
  void aReplayComesToTheSameVerdicts() throws Exception {
    String shared = newPlayId();
    List<SourcedPlay> batch = List.of(play(shared, 0, 45_000), play(shared, 100, 45_000), play(newPlayId(), 20, 45_000),
        play(newPlayId(), 200, 45_000));
    writer.write(batch);
    Map<UUID, String> first = stored();

    writer.write(batch); // the offsets were not committed: the same records come again
    writer.write(batch.subList(2, 4));

    assertThat(stored()).isEqualTo(first);
    assertThat(first.values()).containsExactlyInAnyOrder("qualified", "play-id-reused", "overlapping", "qualified");
  }

  @Test
  void rowsWrittenBeforeQualificationCountAsTheirOldRuleSaid() throws Exception {
    Instant at = issued.plusSeconds(5000);
    cassandra.execute("INSERT INTO plays_by_user (user_id, played_at, event_id, song_id, duration_ms, bitrate,"
        + " subscription, received_at) VALUES (?, ?, ?, 's-1', 60000, 128, 'FREE', ?)", user, at, UUID.randomUUID(), at);
    SourcedPlay overlapping = play(newPlayId(), 5010, 40_000);
    writer.write(List.of(overlapping));

    assertThat(verdict(overlapping)).isEqualTo("overlapping");
  }
}
