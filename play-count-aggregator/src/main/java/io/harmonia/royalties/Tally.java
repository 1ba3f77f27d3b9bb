package io.harmonia.royalties;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;

/** Qualified plays, listeners and milliseconds listened, added up over some plays. */
record Tally(long plays, long listeners, long msListened) implements Serializable {

  static Tally ofPlay(int durationMs) {
    return new Tally(1, 0, durationMs);
  }

  /** One listener's plays of a song, as one listener. */
  Tally asOneListener() {
    return new Tally(plays, 1, msListened);
  }

  Tally plus(Tally other) {
    return new Tally(plays + other.plays, listeners + other.listeners, msListened + other.msListened);
  }

  static final class Sum extends Combine.BinaryCombineFn<Tally> {
    @Override
    public Tally apply(Tally left, Tally right) {
      return left.plus(right);
    }

    @Override
    public Tally identity() {
      return new Tally(0, 0, 0);
    }
  }

  static final class Coder extends AtomicCoder<Tally> {
    private static final VarLongCoder LONG = VarLongCoder.of();

    @Override
    public void encode(Tally tally, OutputStream out) throws IOException {
      LONG.encode(tally.plays, out);
      LONG.encode(tally.listeners, out);
      LONG.encode(tally.msListened, out);
    }

    @Override
    public Tally decode(InputStream in) throws IOException {
      return new Tally(LONG.decode(in), LONG.decode(in), LONG.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
