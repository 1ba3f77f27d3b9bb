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
  }

  @Override
  public Play decode(InputStream in) throws IOException {
    return new Play(STRING.decode(in), STRING.decode(in), STRING.decode(in),
        Instant.ofEpochMilli(LONG.decode(in)), INT.decode(in), STRING.decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}
