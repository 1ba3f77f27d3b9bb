package io.harmonia.pipelines.plays;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.harmonia.clients.CassandraClients;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.schemas.PlayBuckets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WritePlays against the real Cassandra, fed by a TestStream with a late play and a duplicate. */
class WritePlaysIT {

  private final TestPipeline pipeline = PlayRecords.testPipeline();
  private CqlSession cassandra;

  @BeforeEach
  void connect() {
    cassandra = CassandraClients.session(HarmoniaConfig.fromEnvironment());
  }

  @AfterEach
  void close() {
    cassandra.close();
  }

  static SourcedPlay play(long offset, UUID id, String user, Instant playedAt) {
    return new SourcedPlay(4, offset, new PlayEvent(id, user, "PREMIUM", "s-7", 64_000, 256, playedAt,
        playedAt.plusSeconds(65), "android"));
  }

  @Test
  void everyPlayIsStoredOnce_theLateOneInItsOwnDay_andEveryPositionIsEmittedAfterItsRows() {
    String user = "u-write-it-" + UUID.randomUUID().toString().substring(0, 8);
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    UUID late = UUID.randomUUID();
    Instant yesterday = now.minus(java.time.Duration.ofDays(1));
    org.joda.time.Instant t0 = new org.joda.time.Instant(now.toEpochMilli());

    TestStream<SourcedPlay> stream = TestStream.create(SourcedPlay.Coder.of())
        .addElements(TimestampedValue.of(play(1, first, user, now.minusSeconds(120)), t0),
            TimestampedValue.of(play(2, second, user, now.minusSeconds(60)), t0))
        .advanceWatermarkTo(t0.plus(Duration.standardHours(6)))
        .addElements(TimestampedValue.of(play(3, late, user, yesterday), t0)) // behind the watermark
        .addElements(TimestampedValue.of(play(4, first, user, now.minusSeconds(120)), t0.plus(Duration.standardHours(6))))
        .advanceWatermarkToInfinity();

    PlayPipelineSettings settings = PlayPipelineSettings.of(System.getenv(), PipelineOptionsFactory.as(PlayEventsOptions.class));
    PCollection<KV<Integer, Long>> positions = pipeline.apply(stream).apply(new WritePlays(settings));

    PAssert.that(positions).containsInAnyOrder(KV.of(4, 1L), KV.of(4, 2L), KV.of(4, 3L), KV.of(4, 4L));
    pipeline.run().waitUntilFinish();

    List<Row> rows = cassandra.execute("SELECT event_id, played_at FROM plays_by_user WHERE user_id = ?", user).all();
    assertThat(rows).extracting(r -> r.getUuid("event_id")).containsExactly(second, first, late); // newest first
    Row lateByDay = cassandra.execute("SELECT user_id, duration_ms FROM plays_by_day WHERE day = ? AND bucket = ? AND event_id = ?",
        PlayBuckets.day(yesterday), PlayBuckets.of(late), late).one();
    assertThat(lateByDay).isNotNull();
    assertThat(lateByDay.getString("user_id")).isEqualTo(user);
    assertThat(lateByDay.getInt("duration_ms")).isEqualTo(64_000);
  }
}
