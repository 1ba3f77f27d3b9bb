package io.harmonia.pipelines.plays;

import static io.harmonia.pipelines.plays.PlayRecords.event;
import static io.harmonia.pipelines.plays.PlayRecords.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

class ParsePlayEventsTest {

  private final TestPipeline pipeline = PlayRecords.testPipeline();

  static final Instant PLAYED_AT = Instant.parse("2026-11-28T21:14:03.250Z");

  @Test
  void aValidRecordBecomesAPlayWithItsKafkaPosition() {
    UUID id = UUID.randomUUID();
    PCollectionTuple out = pipeline
        .apply(Create.of(List.of(record(3, 41, "u-1", event(id, "u-1", 213_000, PLAYED_AT)))).withCoder(PlayRecords.coder()))
        .apply(new ParsePlayEvents());

    PAssert.that(out.get(ParsePlayEvents.PLAYS)).containsInAnyOrder(new SourcedPlay(3, 41, new PlayEvent(id, "u-1",
        "PREMIUM", "s-42", 213_000, 320, PLAYED_AT, PLAYED_AT.plusMillis(213_500), "web")));
    PAssert.that(out.get(ParsePlayEvents.DEAD_LETTERS)).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void everyKindOfBadRecordBecomesADeadLetterWithItsReasonAndItsBytesUntouched() {
    String valid = event(UUID.randomUUID(), "u-2", 40_000, PLAYED_AT);
    List<KafkaRecord<String, byte[]>> records = List.of(
        record(0, 1, "u-2", "garbage{"),
        record(0, 2, "u-2", "[1, 2]"),
        record(0, 3, "u-2", valid.replace("\"bitrate\":320", "\"bitrate\":999")),
        record(0, 4, "u-2", valid.replace("\"event_id\":\"", "\"event_id\":\"x")),
        record(0, 5, "u-other", valid),
        record(0, 6, null, valid),
        record(0, 7, "u-2", null),
        record(0, 8, "u-2", valid + " trailing"),
        record(0, 9, "u-2", valid.replace(",\"song_id\":\"s-42\"", "")));

    PCollectionTuple out = pipeline.apply(Create.of(records).withCoder(PlayRecords.coder())).apply(new ParsePlayEvents());

    PAssert.that(out.get(ParsePlayEvents.PLAYS)).empty();
    PAssert.that(out.get(ParsePlayEvents.DEAD_LETTERS)).satisfies(letters -> {
      List<DeadLetter> sorted = StreamSupport.stream(letters.spliterator(), false)
          .sorted(Comparator.comparingLong(DeadLetter::offset)).toList();
      assertThat(sorted).extracting(DeadLetter::offset).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
      assertThat(sorted).allSatisfy(d -> {
        assertThat(d.sourceTopic()).isEqualTo("play-events");
        assertThat(d.partition()).isZero();
      });
      assertThat(sorted.get(0).reason()).startsWith("not JSON: ");
      assertThat(new String(sorted.get(0).original(), StandardCharsets.UTF_8)).isEqualTo("garbage{");
      assertThat(sorted.get(1).reason()).isEqualTo("not a play event: the value is JSON but not an object");
      assertThat(sorted.get(2).reason()).startsWith("invalid play event: ").contains("bitrate");
      assertThat(sorted.get(3).reason()).startsWith("invalid play event: ").contains("event_id");
      assertThat(sorted.get(4).reason()).isEqualTo("key 'u-other' does not match user_id 'u-2' (play-events is keyed by user_id)");
      assertThat(sorted.get(4).key()).isEqualTo("u-other");
      assertThat(new String(sorted.get(4).original(), StandardCharsets.UTF_8)).isEqualTo(valid);
      assertThat(sorted.get(5).reason()).startsWith("key null does not match");
      assertThat(sorted.get(5).key()).isNull();
      assertThat(sorted.get(6).reason()).isEqualTo("empty record: no play event");
      assertThat(sorted.get(6).original()).isEmpty();
      assertThat(sorted.get(7).reason()).startsWith("not JSON: ");
      assertThat(sorted.get(8).reason()).startsWith("invalid play event: ").contains("song_id");
      return null;
    });
    pipeline.run().waitUntilFinish();
  }

  /**
   * The pipeline has no windows on purpose: a late play (one that arrives after the watermark has
   * passed it, e.g. a phone that was offline) and a duplicate (a client's retry) go through like
   * any other record; Cassandra's keys make the duplicate a no-op (see PlayRowsTest).
   */
  @Test
  void latePlaysAndDuplicatesAreNotDropped() {
    UUID onTime = UUID.randomUUID();
    UUID late = UUID.randomUUID();
    org.joda.time.Instant start = new org.joda.time.Instant(1_700_000_000_000L);
    TestStream<KafkaRecord<String, byte[]>> stream = TestStream.create(PlayRecords.coder())
        .addElements(TimestampedValue.of(record(1, 10, "u-3", event(onTime, "u-3", 35_000, PLAYED_AT)), start))
        .advanceWatermarkTo(start.plus(Duration.standardHours(6)))
        .addElements(
            TimestampedValue.of(record(1, 11, "u-3", event(late, "u-3", 12_000, PLAYED_AT.minusSeconds(86_400))), start),
            TimestampedValue.of(record(1, 12, "u-3", event(onTime, "u-3", 35_000, PLAYED_AT)), start.plus(Duration.standardHours(6))))
        .advanceWatermarkToInfinity();

    PCollectionTuple out = pipeline.apply(stream).apply(new ParsePlayEvents());

    PAssert.that(out.get(ParsePlayEvents.PLAYS)).satisfies(plays -> {
      assertThat(plays).extracting(SourcedPlay::offset).containsExactlyInAnyOrder(10L, 11L, 12L);
      assertThat(plays).extracting(p -> p.play().eventId()).containsExactlyInAnyOrder(onTime, late, onTime);
      return null;
    });
    PAssert.that(out.get(ParsePlayEvents.DEAD_LETTERS)).empty();
    pipeline.run().waitUntilFinish();
  }
}
