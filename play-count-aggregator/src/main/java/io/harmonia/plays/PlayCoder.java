package io.harmonia.plays;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/** A compact, deterministic coder for {@link Play} (field by field, no Java serialization). */
public final class PlayCoder extends AtomicCoder<Play> {

  private static final PlayCoder INSTANCE = new PlayCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final VarLongCoder LONG = VarLongCoder.of();
  private static final VarIntCoder INT = VarIntCoder.of();

  private PlayCoder() {}

  public static PlayCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(Play play, OutputStream out) throws IOException {
    STRING.encode(play.eventId(), out);
    STRING.encode(play.userId(), out);
    STRING.encode(play.songId(), out);
    LONG.encode(play.playedAt().toEpochMilli(), out);
    INT.encode(play.durationMs(), out);
    STRING.encode(play.subscription(), out);
    // the verdict: 0 none (legacy), 1 qualified, 2 disqualified (then the rule)
    INT.encode(play.qualified() == null ? 0 : play.qualified() ? 1 : 2, out);
    STRING.encode(play.rule() == null ? "" : play.rule(), out);
    LONG.encode(play.receivedAt() == null ? Long.MIN_VALUE : play.receivedAt().toEpochMilli(), out);
  }

  @Override
  public Play decode(InputStream in) throws IOException {
    String eventId = STRING.decode(in);
    String userId = STRING.decode(in);
    String songId = STRING.decode(in);
    Instant playedAt = Instant.ofEpochMilli(LONG.decode(in));
    int durationMs = INT.decode(in);
    String subscription = STRING.decode(in);
    int verdict = INT.decode(in);
    String rule = STRING.decode(in);
    long receivedAt = LONG.decode(in);
    return new Play(eventId, userId, songId, playedAt, durationMs, subscription,
        verdict == 0 ? null : verdict == 1, rule.isEmpty() ? null : rule,
        receivedAt == Long.MIN_VALUE ? null : Instant.ofEpochMilli(receivedAt));
  }

  @Override
  public void verifyDeterministic() {}
}
