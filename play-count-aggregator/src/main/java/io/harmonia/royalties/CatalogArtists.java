package io.harmonia.royalties;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Each song's artist, from the catalog in PostgreSQL. */
final class CatalogArtists {

  private static final int CHUNK = 10_000;

  private CatalogArtists() {}

  /** song id → artist id for the songs the catalog has (missing songs are absent from the map). */
  static Map<String, String> of(DataSource db, Collection<String> songIds) throws SQLException {
    Map<String, String> artists = new HashMap<>();
    List<String> ids = new ArrayList<>(songIds);
    try (Connection c = db.getConnection();
        PreparedStatement q = c.prepareStatement("SELECT song_id, artist_id FROM songs WHERE song_id = ANY (?)")) {
      for (int i = 0; i < ids.size(); i += CHUNK) {
        q.setArray(1, c.createArrayOf("text", ids.subList(i, Math.min(ids.size(), i + CHUNK)).toArray()));
        try (ResultSet r = q.executeQuery()) {
          while (r.next()) {
            artists.put(r.getString(1), r.getString(2));
          }
        }
      }
    }
    return artists;
  }
}
