package io.harmonia.playcounts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.time.Instant;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * The qualified plays of one song in one event-time window: a row of PostgreSQL
 * {@code song_play_counts}. It is the window's full count (not an increment), so writing it again
 * replaces the stored value.
 */
public record WindowCount(String songId, Instant windowStart, Instant windowEnd, long playCount)
    implements Serializable {

  /** Field by field, deterministic. */
  public static final class Coder extends AtomicCoder<WindowCount> {
    private static final Coder INSTANCE = new Coder();
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();
    private static final VarLongCoder LONG = VarLongCoder.of();

    public static Coder of() {
      return INSTANCE;
    }

    @Override
    public void encode(WindowCount count, OutputStream out) throws IOException {
      STRING.encode(count.songId(), out);
      LONG.encode(count.windowStart().toEpochMilli(), out);
      LONG.encode(count.windowEnd().toEpochMilli(), out);
      LONG.encode(count.playCount(), out);
    }

    @Override
    public WindowCount decode(InputStream in) throws IOException {
      return new WindowCount(STRING.decode(in), Instant.ofEpochMilli(LONG.decode(in)),
          Instant.ofEpochMilli(LONG.decode(in)), LONG.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
