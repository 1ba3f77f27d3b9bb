package io.harmonia.plays;

import io.harmonia.schemas.EventSchemas;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code play-events} records → plays. A record that is not a valid play event is counted
 * ({@link #INVALID}) and logged, not re-published: the play-events pipeline, which reads the same
 * topic, already puts it on {@code play-events-dlq} with the reason, and it never reaches Cassandra.
 */
public final class ParsePlayEventsFn extends DoFn<KV<String, byte[]>, Play> {

  public static final String INVALID = "play_events_invalid";
  private static final Logger LOG = LoggerFactory.getLogger(ParsePlayEventsFn.class);

  private final Counter invalid = Metrics.counter(ParsePlayEventsFn.class, INVALID);
  private transient EventSchemas.Validator validator;

  @Setup
  public void setUp() {
    validator = EventSchemas.validator(EventSchemas.PLAY_EVENT);
  }

  @ProcessElement
  public void process(@Element KV<String, byte[]> record, OutputReceiver<Play> out) {
    try {
      out.output(PlayEvents.parse(record.getValue(), validator));
    } catch (PlayEvents.InvalidPlayEvent e) {
      invalid.inc();
      LOG.warn("skipping an invalid play event (key {}): {}", record.getKey(), e.getMessage());
    }
  }
}
