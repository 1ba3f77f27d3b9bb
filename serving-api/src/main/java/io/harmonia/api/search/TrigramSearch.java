package io.harmonia.api.search;

import io.harmonia.api.search.SearchParams.EntityType;
import io.harmonia.api.search.SearchResults.AlbumHit;
import io.harmonia.api.search.SearchResults.AlbumRef;
import io.harmonia.api.search.SearchResults.ArtistHit;
import io.harmonia.api.search.SearchResults.ArtistRef;
import io.harmonia.api.search.SearchResults.Results;
import io.harmonia.api.search.SearchResults.SongHit;
import io.harmonia.api.search.SearchResults.Suggestion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Search from PostgreSQL when Elasticsearch cannot answer: trigram word similarity
 * ({@code pg_trgm}) between the folded query and folded names, through the GIN indexes of
 * {@code V6_1__search_trigram_indexes.sql} ({@code q <% search_fold(name)} is an index condition;
 * no table is scanned). A song matches by its title or by its artist's name. Ranking keeps the
 * spirit of the main search: 0.7 × similarity + 0.3 × popularity (log of plays, scaled so that
 * ten million plays count as much as a perfect match).
 */
public final class TrigramSearch {

  /** Lower than pg_trgm's default 0.6, so that a query with two typos still matches. */
  static final String THRESHOLD = "0.45";

  private static final String RANK = "(0.7 * sim + 0.3 * ln(1 + play_count) / ln(1 + 1e7))";

  private static final String SONGS = """
      SELECT song_id, title, artist_id, artist, album_id, album, duration_ms, play_count FROM (
        SELECT s.song_id, s.title, s.artist_id, a.name AS artist, s.album_id, al.title AS album, s.duration_ms,
               s.play_count,
               greatest(word_similarity(q.t, search_fold(s.title)), word_similarity(q.t, search_fold(a.name))) AS sim
          FROM (SELECT search_fold(?) AS t) q,
               songs s
          JOIN artists a ON a.artist_id = s.artist_id
          LEFT JOIN albums al ON al.album_id = s.album_id
         WHERE s.song_id IN (SELECT song_id FROM songs WHERE search_fold(?) <% search_fold(title)
                             UNION
                             SELECT s2.song_id FROM artists a2 JOIN songs s2 ON s2.artist_id = a2.artist_id
                              WHERE search_fold(?) <% search_fold(a2.name))
      ) matched
      ORDER BY {RANK} DESC, song_id
      LIMIT ? OFFSET ?""".replace("{RANK}", RANK);

  private static final String ARTISTS = """
      SELECT artist_id, name, play_count FROM (
        SELECT a.artist_id, a.name, word_similarity(search_fold(?), search_fold(a.name)) AS sim,
               COALESCE((SELECT sum(s.play_count) FROM songs s WHERE s.artist_id = a.artist_id), 0) AS play_count
          FROM artists a
         WHERE search_fold(?) <% search_fold(a.name)
      ) matched
      ORDER BY {RANK} DESC, artist_id
      LIMIT ? OFFSET ?""".replace("{RANK}", RANK);

  private static final String ALBUMS = """
      SELECT album_id, title, artist_id, artist, release_year, play_count FROM (
        SELECT al.album_id, al.title, al.artist_id, a.name AS artist, al.release_year,
               word_similarity(search_fold(?), search_fold(al.title)) AS sim,
               COALESCE((SELECT sum(s.play_count) FROM songs s WHERE s.album_id = al.album_id), 0) AS play_count
          FROM albums al
          JOIN artists a ON a.artist_id = al.artist_id
         WHERE search_fold(?) <% search_fold(al.title)
      ) matched
      ORDER BY {RANK} DESC, album_id
      LIMIT ? OFFSET ?""".replace("{RANK}", RANK);

  private final DataSource db;

  public TrigramSearch(DataSource db) {
    this.db = db;
  }

  public Results search(SearchParams params) throws SQLException {
    String q = params.text().normalized();
    List<SongHit> songs = new ArrayList<>();
    List<ArtistHit> artists = new ArrayList<>();
    List<AlbumHit> albums = new ArrayList<>();
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        setThreshold(c);
        if (params.types().contains(EntityType.SONG)) {
          query(c, SONGS, params, 3, rs -> songs.add(new SongHit(rs.getString(1), rs.getString(2),
              new ArtistRef(rs.getString(3), rs.getString(4)),
              rs.getString(5) == null ? null : new AlbumRef(rs.getString(5), rs.getString(6)),
              (Integer) rs.getObject(7), rs.getLong(8))));
        }
        if (params.types().contains(EntityType.ARTIST)) {
          query(c, ARTISTS, params, 2, rs -> artists.add(new ArtistHit(rs.getString(1), rs.getString(2), rs.getLong(3))));
        }
        if (params.types().contains(EntityType.ALBUM)) {
          query(c, ALBUMS, params, 2, rs -> albums.add(new AlbumHit(rs.getString(1), rs.getString(2),
              new ArtistRef(rs.getString(3), rs.getString(4)), (Integer) rs.getObject(5), rs.getLong(6))));
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
    return new Results(q, true, songs, artists, albums);
  }

  /** Suggestions while degraded: the best matches of each type, interleaved by rank. */
  public SearchResults.Suggestions suggest(SearchParams params) throws SQLException {
    Results results = search(params);
    List<Suggestion> all = new ArrayList<>();
    for (int i = 0; all.size() < params.limit() && i < params.limit(); i++) {
      if (i < results.artists().size()) {
        ArtistHit a = results.artists().get(i);
        all.add(new Suggestion(a.name(), "artist", a.artistId(), null));
      }
      if (i < results.songs().size()) {
        SongHit s = results.songs().get(i);
        all.add(new Suggestion(s.title(), "song", s.songId(), s.artist().name()));
      }
      if (i < results.albums().size()) {
        AlbumHit a = results.albums().get(i);
        all.add(new Suggestion(a.title(), "album", a.albumId(), a.artist().name()));
      }
    }
    return new SearchResults.Suggestions(results.query(), true, all.subList(0, Math.min(all.size(), params.limit())));
  }

  private static void setThreshold(Connection c) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("SELECT set_config('pg_trgm.word_similarity_threshold', ?, true)")) {
      st.setString(1, THRESHOLD);
      st.executeQuery().close();
    }
  }

  @FunctionalInterface
  private interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  /** Binds the query text to the first {@code textParams} parameters, then limit and offset. */
  private static void query(Connection c, String sql, SearchParams params, int textParams, RowReader reader)
      throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      int i = 1;
      for (; i <= textParams; i++) {
        st.setString(i, params.text().normalized());
      }
      st.setInt(i++, params.limit());
      st.setInt(i, params.offset());
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          reader.read(rs);
        }
      }
    }
  }
}
