package io.harmonia.playcounts;

import static io.harmonia.testing.Plays.play;
import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.plays.Play;
import io.harmonia.plays.PlayCoder;
import java.time.Duration;
import java.time.Instant;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The counting transform both modes share: windows by {@code played_at}, qualified plays only,
 * each event id once — and, on a stream, late plays that update their window's count.
 */
@ExtendWith(TestPipelineExtension.class)
class CountPlaysPerWindowTest {

  private static final PlayWindows WINDOWS = new PlayWindows(Duration.ofMinutes(5), Duration.ofMinutes(10));

  @Test
  void countsQualifiedPlaysPerSongAndWindowWithEachEventOnce(TestPipeline pipeline) {
    PCollection<Play> plays = pipeline.apply(Create.timestamped(
        timestamped(play("e1", "u1", "song-a", "2026-01-31T10:00:00Z", 30_000)),
        timestamped(play("e2", "u2", "song-a", "2026-01-31T10:04:59.999Z", 200_000)),
        // a client retry: the same event again
        timestamped(play("e2", "u2", "song-a", "2026-01-31T10:04:59.999Z", 200_000)),
        // next window
        timestamped(play("e3", "u1", "song-a", "2026-01-31T10:05:00Z", 45_000)),
        timestamped(play("e4", "u3", "song-b", "2026-01-31T10:01:00Z", 31_000)),
        // not qualified: under 30 s
        timestamped(play("e5", "u3", "song-b", "2026-01-31T10:02:00Z", 29_999)))
        .withCoder(PlayCoder.of()));

    PCollection<WindowCount> counts = plays.apply(new CountPlaysPerWindow(WINDOWS.bounded()));

    PAssert.that(counts).containsInAnyOrder(
        count("song-a", "2026-01-31T10:00:00Z", 2),
        count("song-a", "2026-01-31T10:05:00Z", 1),
        count("song-b", "2026-01-31T10:00:00Z", 1));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertThat(counter(result, CountPlaysPerWindow.class, CountPlaysPerWindow.QUALIFIED)).isEqualTo(5);
    assertThat(counter(result, CountPlaysPerWindow.class, CountPlaysPerWindow.NOT_QUALIFIED)).isEqualTo(1);
  }

  @Test
  void aLatePlayWithinTheAllowedLatenessRefiresItsWindowWithTheFullCount(TestPipeline pipeline) {
    Instant start = Instant.parse("2026-01-31T10:00:00Z");
    TestStream<Play> stream = TestStream.create(PlayCoder.of())
        .advanceWatermarkTo(joda(start))
        .addElements(
            timestamped(play("e1", "u1", "song-a", "2026-01-31T10:01:00Z", 60_000)),
            timestamped(play("e2", "u2", "song-a", "2026-01-31T10:02:00Z", 60_000)))
        // the window closes: its on-time pane fires with 2
        .advanceWatermarkTo(joda(start.plus(Duration.ofMinutes(6))))
        // 4 minutes after the window closed (allowed: 10): a new play, and e1 sent again by its client
        .addElements(
            timestamped(play("e3", "u3", "song-a", "2026-01-31T10:03:00Z", 60_000)),
            timestamped(play("e1", "u1", "song-a", "2026-01-31T10:01:00Z", 60_000)))
        .advanceWatermarkTo(joda(start.plus(Duration.ofMinutes(9))))
        .advanceWatermarkToInfinity();

    PCollection<WindowCount> counts = pipeline.apply(stream)
        .apply(new CountPlaysPerWindow(WINDOWS.unbounded(Duration.ofMinutes(1))));

    IntervalWindow window = new IntervalWindow(joda(start), joda(start.plus(Duration.ofMinutes(5))));
    PAssert.that(counts).inOnTimePane(window).containsInAnyOrder(count("song-a", "2026-01-31T10:00:00Z", 2));
    // the late pane replaces 2 with 3, not 2 + 3 and not 4: the re-sent e1 counts once
    PAssert.that(counts).inLatePane(window).containsInAnyOrder(count("song-a", "2026-01-31T10:00:00Z", 3));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void aPlayLaterThanTheAllowedLatenessIsDroppedAndCountedAsSuch(TestPipeline pipeline) {
    Instant start = Instant.parse("2026-01-31T10:00:00Z");
    TestStream<Play> stream = TestStream.create(PlayCoder.of())
        .advanceWatermarkTo(joda(start))
        .addElements(timestamped(play("e1", "u1", "song-a", "2026-01-31T10:01:00Z", 60_000)))
        // the window closed 11 minutes ago: past its 10 minutes of allowed lateness
        .advanceWatermarkTo(joda(start.plus(Duration.ofMinutes(16))))
        .addElements(timestamped(play("e2", "u2", "song-a", "2026-01-31T10:02:00Z", 60_000)))
        .advanceWatermarkToInfinity();

    PCollection<WindowCount> counts = pipeline.apply(stream)
        .apply(new CountPlaysPerWindow(WINDOWS.unbounded(Duration.ofMinutes(1))));

    PAssert.that(counts).containsInAnyOrder(count("song-a", "2026-01-31T10:00:00Z", 1));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    // not silently lost: the runner counts it (the batch recount from Cassandra will include it)
    assertThat(counter(result, null, "droppedDueToLateness")).isEqualTo(1);
  }

  static WindowCount count(String song, String windowStart, long plays) {
    Instant start = Instant.parse(windowStart);
    return new WindowCount(song, start, start.plus(WINDOWS.size()), plays);
  }

  private static TimestampedValue<Play> timestamped(Play play) {
    return TimestampedValue.of(play, play.eventTime());
  }

  private static org.joda.time.Instant joda(Instant t) {
    return new org.joda.time.Instant(t.toEpochMilli());
  }

  /**
   * A counter's sum over all steps; any namespace when {@code namespace} is null (the runner's own
   * counters, whose spelling differs by runner: DirectRunner's {@code DroppedDueToLateness},
   * runners-core's {@code droppedDueToLateness}).
   */
  private static long counter(PipelineResult result, Class<?> namespace, String name) {
    long sum = 0;
    for (MetricResult<Long> c : result.metrics().queryMetrics(MetricsFilter.builder().build()).getCounters()) {
      if (c.getName().getName().equalsIgnoreCase(name)
          && (namespace == null || c.getName().getNamespace().equals(namespace.getName()))) {
        sum += c.getAttempted();
      }
    }
    return sum;
  }
}
