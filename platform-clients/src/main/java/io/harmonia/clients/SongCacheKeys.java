package io.harmonia.clients;

/**
 * The Redis key of a song's cached metadata: written and read by the API's song cache, deleted by the
 * catalog ingest after it changed the song. Kept here, beside the clients both use, so that the
 * writer and the evicter cannot drift apart.
 */
public final class SongCacheKeys {

  private SongCacheKeys() {}

  public static String song(String songId) {
    return "song:" + songId;
  }
}
