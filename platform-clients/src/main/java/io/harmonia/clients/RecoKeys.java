package io.harmonia.clients;

import java.time.Duration;

/**
 * The Redis layout of the recommendations: written by the ALS job ({@code reco-als-job}, whose
 * README, "Redis publish format", describes the values), read by the API. Kept here, beside the
 * clients both use, so that the writer and the reader cannot drift apart. Every key of a run lives under
 * {@code reco:run:{run_id}:}; readers resolve the run through {@link #CURRENT_RUN}, which the job
 * sets with one command after the whole run is written.
 */
public final class RecoKeys {

  /** The run readers use: one string, the run id. No TTL. */
  public static final String CURRENT_RUN = "reco:current-run";
  /** The run that was current before it (kept for a reader in flight, and for a rollback). No TTL. */
  public static final String PREVIOUS_RUN = "reco:previous-run";
  /** Every run that started writing, scored by its start (epoch ms): how old runs are found and deleted. */
  public static final String RUNS = "reco:runs";

  public static final Duration DISCOVER_WEEKLY_TTL = Duration.ofDays(7);
  public static final Duration DAILY_MIX_TTL = Duration.ofHours(24);
  public static final Duration POPULAR_TTL = Duration.ofDays(7);

  private RecoKeys() {}

  public static String runPrefix(String runId) {
    return "reco:run:" + runId + ":";
  }

  public static String discoverWeekly(String runId, String userId) {
    return runPrefix(runId) + userId + ":discover-weekly";
  }

  public static String dailyMix(String runId, String userId, int mix) {
    return runPrefix(runId) + userId + ":daily-mix:" + mix;
  }

  public static String popular(String runId) {
    return runPrefix(runId) + "popular";
  }

  public static String manifest(String runId) {
    return runPrefix(runId) + "manifest";
  }
}
