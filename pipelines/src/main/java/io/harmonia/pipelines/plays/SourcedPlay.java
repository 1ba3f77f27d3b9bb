package io.harmonia.pipelines.plays;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.UUID;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** A play event with the Kafka partition and offset it was read from (to commit them once stored). */
public record SourcedPlay(int partition, long offset, PlayEvent play) {

  /** A compact, deterministic encoding (Java serialization would be several times larger and slower). */
  public static final class Coder extends AtomicCoder<SourcedPlay> {
    private static final Coder INSTANCE = new Coder();
    private static final VarIntCoder INT = VarIntCoder.of();
    private static final VarLongCoder LONG = VarLongCoder.of();
    private static final StringUtf8Coder TEXT = StringUtf8Coder.of();
    private static final NullableCoder<String> OPTIONAL_TEXT = NullableCoder.of(TEXT);
    private static final NullableCoder<Long> OPTIONAL_LONG = NullableCoder.of(LONG);
    private static final NullableCoder<Integer> OPTIONAL_INT = NullableCoder.of(INT);

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(SourcedPlay value, OutputStream out) throws IOException {
      PlayEvent p = value.play();
      INT.encode(value.partition(), out);
      LONG.encode(value.offset(), out);
      LONG.encode(p.eventId().getMostSignificantBits(), out);
      LONG.encode(p.eventId().getLeastSignificantBits(), out);
      TEXT.encode(p.userId(), out);
      TEXT.encode(p.subscription(), out);
      TEXT.encode(p.songId(), out);
      INT.encode(p.durationMs(), out);
      INT.encode(p.bitrate(), out);
      LONG.encode(p.playedAt().toEpochMilli(), out);
      LONG.encode(p.receivedAt().toEpochMilli(), out);
      OPTIONAL_TEXT.encode(p.client(), out);
      PlayEvent.Proof proof = p.proof();
      OPTIONAL_TEXT.encode(proof == null ? null : proof.check(), out);
      if (proof != null) {
        OPTIONAL_TEXT.encode(proof.playId(), out);
        OPTIONAL_LONG.encode(proof.issuedAt() == null ? null : proof.issuedAt().toEpochMilli(), out);
        OPTIONAL_INT.encode(proof.songDurationMs(), out);
      }
    }

    @Override
    public SourcedPlay decode(InputStream in) throws IOException {
      int partition = INT.decode(in);
      long offset = LONG.decode(in);
      UUID eventId = new UUID(LONG.decode(in), LONG.decode(in));
      PlayEvent play = new PlayEvent(eventId, TEXT.decode(in), TEXT.decode(in), TEXT.decode(in), INT.decode(in),
          INT.decode(in), Instant.ofEpochMilli(LONG.decode(in)), Instant.ofEpochMilli(LONG.decode(in)),
          OPTIONAL_TEXT.decode(in), null);
      String check = OPTIONAL_TEXT.decode(in);
      if (check != null) {
        String playId = OPTIONAL_TEXT.decode(in);
        Long issuedAt = OPTIONAL_LONG.decode(in);
        Integer songDurationMs = OPTIONAL_INT.decode(in);
        play = new PlayEvent(play.eventId(), play.userId(), play.subscription(), play.songId(), play.durationMs(),
            play.bitrate(), play.playedAt(), play.receivedAt(), play.client(),
            new PlayEvent.Proof(playId, check, issuedAt == null ? null : Instant.ofEpochMilli(issuedAt), songDurationMs));
      }
      return new SourcedPlay(partition, offset, play);
    }

    @Override
    public void verifyDeterministic() {}
  }
}
