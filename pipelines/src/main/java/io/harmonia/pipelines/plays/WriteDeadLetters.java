package io.harmonia.pipelines.plays;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.joda.time.Instant;

/**
 * Produces dead letters to {@code play-events-dlq} (key: the original record's key; idempotent
 * producer, {@code acks=all}) and emits each one's source position once Kafka acknowledged it, so
 * that a refused record is never committed before it is safely in the dead-letter topic.
 *
 * <p>Not KafkaIO's writer: its output is {@code PDone}, and the commit step needs to know what was
 * written.
 */
public final class WriteDeadLetters extends PTransform<PCollection<DeadLetter>, PCollection<KV<Integer, Long>>> {

  private final PlayPipelineSettings settings;

  public WriteDeadLetters(PlayPipelineSettings settings) {
    this.settings = settings;
  }

  @Override
  public PCollection<KV<Integer, Long>> expand(PCollection<DeadLetter> letters) {
    return letters.apply("ProduceToDlq", ParDo.of(new ProduceFn(settings)))
        .setCoder(KvCoder.of(VarIntCoder.of(), VarLongCoder.of()));
  }

  static final class ProduceFn extends DoFn<DeadLetter, KV<Integer, Long>> {
    private final PlayPipelineSettings settings;
    private transient Producer<String, byte[]> producer;
    private transient List<Sent> sent;

    ProduceFn(PlayPipelineSettings settings) {
      this.settings = settings;
    }

    private record Sent(DeadLetter letter, Future<RecordMetadata> ack, Instant timestamp, BoundedWindow window) {}

    @Setup
    public void setup() {
      producer = SharedClients.producer(settings);
    }

    @StartBundle
    public void startBundle() {
      sent = new ArrayList<>();
    }

    @ProcessElement
    public void process(@Element DeadLetter letter, @Timestamp Instant timestamp, BoundedWindow window) {
      Future<RecordMetadata> ack = producer.send(new ProducerRecord<>(settings.deadLetterTopic(), letter.key(), letter.toJson()));
      sent.add(new Sent(letter, ack, timestamp, window));
    }

    /** Waits for every acknowledgement; a failed one fails the bundle, which is then read again. */
    @FinishBundle
    public void finishBundle(FinishBundleContext context) throws InterruptedException, ExecutionException {
      producer.flush();
      for (Sent s : sent) {
        s.ack().get();
        context.output(KV.of(s.letter().partition(), s.letter().offset()), s.timestamp(), s.window());
      }
      sent = null;
    }
  }
}
