package io.harmonia.pipelines.ingest;

import java.io.Serializable;
import java.util.List;

/**
 * A song that needs something done: the renditions still to encode (none when only its metadata
 * changed, or when a previous run stored them already) and then its rows written.
 *
 * @param bitratesToEncode renditions to encode and upload in this run
 */
public record SongWork(ProbedSong probed, List<Integer> bitratesToEncode) implements Serializable {

  public SongWork {
    bitratesToEncode = List.copyOf(bitratesToEncode);
  }

  public String songId() {
    return probed.songId();
  }

  public boolean needs(int bitrate) {
    return bitratesToEncode.contains(bitrate);
  }
}
