package io.harmonia.pipelines.plays;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.harmonia.schemas.EventSchemas;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Kafka records of {@code play-events} → valid play events ({@link #PLAYS}) and dead letters
 * ({@link #DEAD_LETTERS}). A record is valid when its value is JSON, passes the latest
 * play-event schema (the validator the API uses too) and its key is the event's {@code user_id}
 * (the topic's contract: one listener's plays on one partition).
 *
 * <p>No rule here depends on the time of processing (an event's age, say): a replay next week
 * must classify every record exactly as today's run did. The API applies those rules at intake.
 */
public final class ParsePlayEvents extends PTransform<PCollection<KafkaRecord<String, byte[]>>, PCollectionTuple> {

  public static final TupleTag<SourcedPlay> PLAYS = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  @Override
  public PCollectionTuple expand(PCollection<KafkaRecord<String, byte[]>> records) {
    PCollectionTuple parsed = records.apply("ParseAndValidate",
        ParDo.of(new ParseFn()).withOutputTags(PLAYS, TupleTagList.of(DEAD_LETTERS)));
    parsed.get(PLAYS).setCoder(SourcedPlay.Coder.of());
    parsed.get(DEAD_LETTERS).setCoder(DeadLetter.Coder.of());
    return parsed;
  }

  static final class ParseFn extends DoFn<KafkaRecord<String, byte[]>, SourcedPlay> {
    // a value with anything after its JSON object is not the JSON the producer wrote
    private static final ObjectMapper JSON =
        JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private final Counter valid = Metrics.counter(ParsePlayEvents.class, "plays_valid");
    private final Counter invalid = Metrics.counter(ParsePlayEvents.class, "plays_dead_lettered");
    private transient EventSchemas.Validator schema;

    @Setup
    public void setup() {
      schema = Validators.playEvent();
    }

    @ProcessElement
    public void process(@Element KafkaRecord<String, byte[]> record, MultiOutputReceiver out) {
      byte[] value = record.getKV().getValue();
      String problem;
      JsonNode event = null;
      try {
        event = value == null || value.length == 0 ? null : JSON.readTree(value);
        problem = problem(event, record.getKV().getKey());
      } catch (JsonProcessingException e) {
        problem = "not JSON: " + e.getOriginalMessage();
      } catch (IOException e) {
        problem = "not JSON: " + e.getMessage();
      }
      if (problem == null) {
        try {
          out.get(PLAYS).output(new SourcedPlay(record.getPartition(), record.getOffset(), PlayEvent.fromValidJson(event)));
          valid.inc();
          return;
        } catch (DateTimeParseException | IllegalArgumentException e) {
          problem = "unreadable play event: " + e.getMessage(); // valid by the schema, yet not convertible
        }
      }
      invalid.inc();
      out.get(DEAD_LETTERS).output(new DeadLetter(problem, record.getTopic(), record.getPartition(), record.getOffset(),
          record.getKV().getKey(), value == null ? new byte[0] : value, Instant.now()));
    }

    /** Why the parsed value is not a valid play event under this key, or null when it is one. */
    private String problem(JsonNode event, String key) {
      if (event == null) {
        return "empty record: no play event";
      }
      if (!event.isObject()) {
        return "not a play event: the value is JSON but not an object";
      }
      List<String> violations = schema.validate(event);
      if (!violations.isEmpty()) {
        return "invalid play event: " + String.join("; ", violations);
      }
      String userId = event.get("user_id").asText();
      if (!userId.equals(key)) {
        return "key " + (key == null ? "null" : "'" + key + "'") + " does not match user_id '" + userId
            + "' (play-events is keyed by user_id)";
      }
      return null;
    }
  }
  /** One validator per JVM: building it parses the schema, and Spark sets DoFns up once per micro-batch. */
  static final class Validators {
    private static volatile EventSchemas.Validator playEvent;

    private Validators() {}

    static EventSchemas.Validator playEvent() {
      if (playEvent == null) {
        synchronized (Validators.class) {
          if (playEvent == null) {
            playEvent = EventSchemas.validator(EventSchemas.PLAY_EVENT);
          }
        }
      }
      return playEvent;
    }
  }
}
