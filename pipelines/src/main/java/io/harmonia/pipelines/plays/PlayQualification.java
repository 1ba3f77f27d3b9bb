package io.harmonia.pipelines.plays;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Which plays are paid: the royalty rules a play must meet to be <em>qualified</em>, decided by the
 * pipeline from what the API vouched for (the event's playback proof, {@link PlayEvent.Proof}).
 * A play that fails a rule is stored all the same (the listener's history shows it, with the rule)
 * and is not counted by the royalty export.
 *
 * <p>The rules, in the order they are tried (the first one failed is the one recorded):
 * <ol>
 *   <li>{@code no-play-id}: the event carries no play_id (every v1/v2 event, and v3 without one);
 *   <li>{@code invalid-play-id}: the play_id is not one the API signed;
 *   <li>{@code play-id-other-user}, {@code play-id-other-song}: it was issued to another listener or
 *       for another song;
 *   <li>{@code too-short}: less than {@link #MIN_LISTEN} listened (the design's 30 s);
 *   <li>{@code before-play-id}: the play started before the play_id was issued (beyond
 *       {@link #CLOCK_TOLERANCE} of clock skew between the client and the API);
 *   <li>{@code longer-than-song}: more listened than the song lasts, plus {@link #DURATION_TOLERANCE};
 *   <li>{@code longer-than-elapsed}: more listened than the time from the play_id's issue to the
 *       event's arrival, plus {@link #DURATION_TOLERANCE};
 *   <li>{@code play-id-reused}: another event already claimed this play_id (one playback, one paid
 *       play);
 *   <li>{@code overlapping}: the listener's qualified plays would overlap by more than
 *       {@link #OVERLAP_TOLERANCE}: nobody listens to two songs at once, so qualified listening
 *       never exceeds wall-clock time.
 * </ol>
 * The first eight need only the event ({@link #statelessRule}); the last two need what was stored
 * before ({@link PlayQualifier}).
 */
public final class PlayQualification {

  public static final Duration MIN_LISTEN = Duration.ofSeconds(30);
  public static final Duration CLOCK_TOLERANCE = Duration.ofSeconds(5);
  public static final Duration DURATION_TOLERANCE = Duration.ofSeconds(5);
  public static final Duration OVERLAP_TOLERANCE = Duration.ofSeconds(5);

  public static final String NO_PLAY_ID = "no-play-id";
  public static final String INVALID_PLAY_ID = "invalid-play-id";
  public static final String OTHER_USER = "play-id-other-user";
  public static final String OTHER_SONG = "play-id-other-song";
  public static final String TOO_SHORT = "too-short";
  public static final String BEFORE_PLAY_ID = "before-play-id";
  public static final String LONGER_THAN_SONG = "longer-than-song";
  public static final String LONGER_THAN_ELAPSED = "longer-than-elapsed";
  public static final String PLAY_ID_REUSED = "play-id-reused";
  public static final String OVERLAPPING = "overlapping";

  /** Every rule, in the order above: the report and the export count by these names. */
  public static final List<String> RULES = List.of(NO_PLAY_ID, INVALID_PLAY_ID, OTHER_USER, OTHER_SONG, TOO_SHORT,
      BEFORE_PLAY_ID, LONGER_THAN_SONG, LONGER_THAN_ELAPSED, PLAY_ID_REUSED, OVERLAPPING);

  private PlayQualification() {}

  /** A play's verdict: qualified, or the rule it failed. */
  public record Verdict(boolean qualified, String rule) {
    public static final Verdict QUALIFIED = new Verdict(true, null);

    public static Verdict failed(String rule) {
      return new Verdict(false, rule);
    }
  }

  /** The first rule of those needing only the event that the play fails, or null when it meets them all. */
  public static String statelessRule(PlayEvent play) {
    PlayEvent.Proof proof = play.proof();
    String check = proof == null ? "missing" : proof.check();
    switch (check) {
      case "valid" -> { }
      case "missing" -> {
        return NO_PLAY_ID;
      }
      case "other-user" -> {
        return OTHER_USER;
      }
      case "other-song" -> {
        return OTHER_SONG;
      }
      default -> {
        return INVALID_PLAY_ID;
      }
    }
    if (proof.issuedAt() == null || proof.songDurationMs() == null || proof.playId() == null) {
      return INVALID_PLAY_ID;
    }
    long listened = play.durationMs();
    if (listened < MIN_LISTEN.toMillis()) {
      return TOO_SHORT;
    }
    if (play.playedAt().isBefore(proof.issuedAt().minus(CLOCK_TOLERANCE))) {
      return BEFORE_PLAY_ID;
    }
    if (listened > proof.songDurationMs() + DURATION_TOLERANCE.toMillis()) {
      return LONGER_THAN_SONG;
    }
    if (listened > Duration.between(proof.issuedAt(), play.receivedAt()).plus(DURATION_TOLERANCE).toMillis()) {
      return LONGER_THAN_ELAPSED;
    }
    return null;
  }

  /** The time a play covers: from its start, for as long as it was listened. */
  public record Span(Instant start, Instant end) {
    public static Span of(Instant start, long durationMs) {
      return new Span(start, start.plusMillis(durationMs));
    }

    /** Milliseconds both spans cover. */
    public long overlapMs(Span other) {
      Instant from = start.isAfter(other.start) ? start : other.start;
      Instant to = end.isBefore(other.end) ? end : other.end;
      return Math.max(0, Duration.between(from, to).toMillis());
    }
  }

  /** Whether a play overlaps the listener's qualified plays by more than the tolerance, in total. */
  public static boolean overlaps(Span play, List<Span> qualified) {
    long total = 0;
    for (Span other : qualified) {
      total += play.overlapMs(other);
    }
    return total > OVERLAP_TOLERANCE.toMillis();
  }

  /** Whether a row stored before qualification existed counts as qualified (the rule of its time). */
  public static boolean legacyQualified(int durationMs) {
    return durationMs >= MIN_LISTEN.toMillis();
  }
}
