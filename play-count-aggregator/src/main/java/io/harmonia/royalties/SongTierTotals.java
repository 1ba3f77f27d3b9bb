package io.harmonia.royalties;

import java.io.Serializable;

/** What {@link AggregateRoyalties} computes per song and subscription tier. */
public record SongTierTotals(String songId, String subscription, long qualifiedPlays, long uniqueListeners,
    long msListened) implements Serializable {}
