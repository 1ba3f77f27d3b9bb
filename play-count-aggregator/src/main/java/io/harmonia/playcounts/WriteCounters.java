package io.harmonia.playcounts;

import org.apache.beam.sdk.metrics.Metrics;

/** The Beam counters a play-count write reports (the job's summary reads them back). */
final class WriteCounters {

  static final String WINDOWS_INSERTED = "windows_inserted";
  static final String WINDOWS_UPDATED = "windows_updated";
  static final String WINDOWS_DELETED = "windows_deleted";
  static final String UNKNOWN_SONGS = "unknown_songs";
  static final String UNKNOWN_SONG_PLAYS = "unknown_song_plays";
  static final String SONGS_CHANGED = "songs_changed";
  static final String OUTBOX_ROWS = "outbox_rows";

  private WriteCounters() {}

  static void record(PlayCountStore.WriteResult result) {
    inc(WINDOWS_INSERTED, result.windowsInserted());
    inc(WINDOWS_UPDATED, result.windowsUpdated());
    inc(WINDOWS_DELETED, result.windowsDeleted());
    inc(UNKNOWN_SONGS, result.unknownSongs());
    inc(UNKNOWN_SONG_PLAYS, result.unknownSongPlays());
    inc(SONGS_CHANGED, result.songsChanged());
    inc(OUTBOX_ROWS, result.outboxRows());
  }

  private static void inc(String name, long n) {
    if (n != 0) {
      Metrics.counter(WriteCounters.class, name).inc(n);
    }
  }
}
