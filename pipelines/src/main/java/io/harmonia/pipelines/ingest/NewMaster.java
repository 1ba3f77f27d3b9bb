package io.harmonia.pipelines.ingest;

import java.io.Serializable;
import java.util.List;

/**
 * A song whose master the catalog does not know yet (new song or new master): it is decoded for its
 * duration before its renditions are encoded.
 *
 * @param bitratesToEncode renditions to encode once it decodes (those a previous run stored are not)
 */
public record NewMaster(HashedSong hashed, List<Integer> bitratesToEncode) implements Serializable {

  public NewMaster {
    bitratesToEncode = List.copyOf(bitratesToEncode);
  }
}
