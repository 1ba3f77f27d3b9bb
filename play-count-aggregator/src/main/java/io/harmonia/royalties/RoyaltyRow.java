package io.harmonia.royalties;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Comparator;

/**
 * One row of a royalty export: a song's qualified plays on a UTC day by the listeners of one
 * subscription tier.
 *
 * @param artistId the song's artist in the catalog; null when the song is not in the catalog
 * @param qualifiedPlays plays of at least 30 s, each event counted once
 * @param uniqueListeners distinct users among those plays
 * @param msListened milliseconds listened, summed over those plays (unqualified plays add nothing)
 */
public record RoyaltyRow(LocalDate day, String songId, String artistId, String subscription, long qualifiedPlays,
    long uniqueListeners, long msListened) implements Serializable {

  /** The files' order: by song, then tier — a rerun writes the same rows in the same order. */
  public static final Comparator<RoyaltyRow> ORDER =
      Comparator.comparing(RoyaltyRow::songId).thenComparing(RoyaltyRow::subscription);
}
