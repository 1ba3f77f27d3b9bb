package io.harmonia.royalties;

import io.harmonia.plays.Play;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * What a run read of a day, beside the rows: plays received by the cut-off, per tier and per rule
 * they failed, the qualified plays per hour (the report's chart), and a fingerprint of the plays.
 * Computed the same way by the export (a Beam combine) and by the direct count of the check and of
 * the restatement ({@link #add}), so the two can be compared field by field.
 *
 * <p>The fingerprint is the sum (mod 2^64) of a SHA-256-derived hash of each play's identity and
 * verdict: independent of order, it changes when a play is added, removed or judged differently —
 * the restatement's "did the day change" test.
 */
public final class DaySummary implements Serializable {

  /** Counts of one tier. */
  public static final class Tier implements Serializable {
    long playsRead;
    long qualifiedPlays;
    final TreeMap<String, Long> disqualified = new TreeMap<>();

    public long playsRead() {
      return playsRead;
    }

    public long qualifiedPlays() {
      return qualifiedPlays;
    }

    public Map<String, Long> disqualified() {
      return disqualified;
    }
  }

  private final Instant cutoff;
  long playsRead;
  long receivedAfterCutoff;
  long qualifiedPlays;
  long msListened;
  long fingerprint;
  final long[] qualifiedPerHour = new long[24];
  final TreeMap<String, Tier> tiers = new TreeMap<>();

  public DaySummary(Instant cutoff) {
    this.cutoff = cutoff;
  }

  /** Counts one stored play of the day (a play received after the cut-off only as such). */
  public void add(Play play) {
    if (!play.receivedBy(cutoff)) {
      receivedAfterCutoff++;
      return;
    }
    playsRead++;
    fingerprint += hash(play);
    Tier tier = tiers.computeIfAbsent(play.subscription(), t -> new Tier());
    tier.playsRead++;
    String rule = play.failedRule();
    if (rule == null) {
      qualifiedPlays++;
      msListened += play.durationMs();
      tier.qualifiedPlays++;
      qualifiedPerHour[play.playedAt().atZone(ZoneOffset.UTC).getHour()]++;
    } else {
      tier.disqualified.merge(rule, 1L, Long::sum);
    }
  }

  public DaySummary merge(DaySummary other) {
    playsRead += other.playsRead;
    receivedAfterCutoff += other.receivedAfterCutoff;
    qualifiedPlays += other.qualifiedPlays;
    msListened += other.msListened;
    fingerprint += other.fingerprint;
    for (int h = 0; h < 24; h++) {
      qualifiedPerHour[h] += other.qualifiedPerHour[h];
    }
    other.tiers.forEach((name, t) -> {
      Tier mine = tiers.computeIfAbsent(name, n -> new Tier());
      mine.playsRead += t.playsRead;
      mine.qualifiedPlays += t.qualifiedPlays;
      t.disqualified.forEach((rule, n) -> mine.disqualified.merge(rule, n, Long::sum));
    });
    return this;
  }

  public long playsRead() {
    return playsRead;
  }

  public long receivedAfterCutoff() {
    return receivedAfterCutoff;
  }

  public long qualifiedPlays() {
    return qualifiedPlays;
  }

  public long msListened() {
    return msListened;
  }

  public long disqualifiedPlays() {
    return playsRead - qualifiedPlays;
  }

  public String fingerprint() {
    return HexFormat.of().toHexDigits(fingerprint);
  }

  public long[] qualifiedPerHour() {
    return qualifiedPerHour.clone();
  }

  public Map<String, Tier> tiers() {
    return tiers;
  }

  /** Disqualified plays per rule over every tier, by rule name. */
  public Map<String, Long> disqualifiedByRule() {
    TreeMap<String, Long> all = new TreeMap<>();
    tiers.values().forEach(t -> t.disqualified.forEach((rule, n) -> all.merge(rule, n, Long::sum)));
    return all;
  }

  private static long hash(Play play) {
    String identity = play.eventId() + '\n' + play.userId() + '\n' + play.songId() + '\n'
        + play.playedAt().toEpochMilli() + '\n' + play.durationMs() + '\n' + play.subscription() + '\n'
        + (play.failedRule() == null ? "qualified" : play.failedRule());
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The export's combine: one summary of every play read. */
  public static final class Summarize extends Combine.CombineFn<Play, DaySummary, DaySummary> {
    private final Instant cutoff;

    public Summarize(Instant cutoff) {
      this.cutoff = cutoff;
    }

    @Override
    public DaySummary createAccumulator() {
      return new DaySummary(cutoff);
    }

    @Override
    public DaySummary addInput(DaySummary summary, Play play) {
      summary.add(play);
      return summary;
    }

    @Override
    public DaySummary mergeAccumulators(Iterable<DaySummary> summaries) {
      DaySummary merged = new DaySummary(cutoff);
      summaries.forEach(merged::merge);
      return merged;
    }

    @Override
    public DaySummary extractOutput(DaySummary summary) {
      return summary;
    }

    @Override
    public Coder<DaySummary> getAccumulatorCoder(CoderRegistry registry, Coder<Play> inputCoder) {
      return SerializableCoder.of(DaySummary.class);
    }

    @Override
    public Coder<DaySummary> getDefaultOutputCoder(CoderRegistry registry, Coder<Play> inputCoder) {
      return SerializableCoder.of(DaySummary.class);
    }
  }
}
