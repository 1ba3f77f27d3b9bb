package io.harmonia.system.plays;

import java.time.LocalDate;
import java.util.Comparator;

/** A row of the royalty export (its CSV and Parquet columns, in their order). */
public record RoyaltyRow(LocalDate day, String songId, String artistId, String subscription, long qualifiedPlays,
    long uniqueListeners, long msListened) {

  /** The export's row order: by song, then tier. */
  public static final Comparator<RoyaltyRow> ORDER =
      Comparator.comparing(RoyaltyRow::songId).thenComparing(RoyaltyRow::subscription);
}
