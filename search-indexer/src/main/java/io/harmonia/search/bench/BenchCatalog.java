package io.harmonia.search.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.search.events.CatalogEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.sql.DataSource;

/**
 * The benchmark's catalog: the real Last.fm artists (with their real play totals) and MSD songs,
 * then generated songs up to the wanted size — titles of one to four words drawn from the real
 * titles' vocabulary, by real artists, with a long-tailed play count. Ids start with
 * {@code bench-<run>-} so one run's rows can be found and removed.
 */
public final class BenchCatalog {

  private static final ObjectMapper JSON = new ObjectMapper();

  public record Artist(String id, String name, long plays) {}

  public record Song(String id, String title, Artist artist, long plays) {}

  private final String prefix;
  private final List<Artist> artists = new ArrayList<>();
  private final List<Song> songs = new ArrayList<>();

  private BenchCatalog(String prefix) {
    this.prefix = prefix;
  }

  public static BenchCatalog generate(String run, List<RealNames.Artist> lastfm, List<RealNames.Track> msd,
      int songCount, Random random) {
    BenchCatalog catalog = new BenchCatalog("bench-" + run + "-");
    Map<String, Artist> byName = new LinkedHashMap<>();
    for (RealNames.Artist a : lastfm) {
      byName.putIfAbsent(a.name().toLowerCase(), new Artist(catalog.prefix + "a" + byName.size(), a.name(), a.plays()));
    }
    for (RealNames.Track t : msd) {
      byName.putIfAbsent(t.artist().toLowerCase(), new Artist(catalog.prefix + "a" + byName.size(), t.artist(), 0));
    }
    catalog.artists.addAll(byName.values());
    List<String> vocabulary = new ArrayList<>();
    for (RealNames.Track t : msd) {
      Artist artist = byName.get(t.artist().toLowerCase());
      catalog.songs.add(new Song(catalog.prefix + "s" + catalog.songs.size(), t.title(), artist, plays(random)));
      for (String w : t.title().split("\\s+")) {
        if (w.codePoints().allMatch(Character::isLetter) && w.length() > 1) {
          vocabulary.add(w);
        }
      }
    }
    while (catalog.songs.size() < songCount) {
      int words = 1 + random.nextInt(4);
      StringBuilder title = new StringBuilder();
      for (int i = 0; i < words; i++) {
        title.append(i == 0 ? "" : " ").append(vocabulary.get(random.nextInt(vocabulary.size())));
      }
      Artist artist = catalog.artists.get(random.nextInt(catalog.artists.size()));
      catalog.songs.add(new Song(catalog.prefix + "s" + catalog.songs.size(), title.toString(), artist, plays(random)));
    }
    return catalog;
  }

  /** Long-tailed: most songs have a few plays, a few have very many. */
  private static long plays(Random random) {
    return (long) Math.floor(Math.pow(10, random.nextDouble() * random.nextDouble() * 7));
  }

  public String idPrefix() {
    return prefix;
  }

  public List<Artist> artists() {
    return artists;
  }

  public List<Song> songs() {
    return songs;
  }

  /** Every artist and song as the upsert event the outbox would carry (version 1). */
  public List<CatalogEvent> events() {
    List<CatalogEvent> events = new ArrayList<>(artists.size() + songs.size());
    Instant now = Instant.now();
    artists.forEach(a -> events.add(new CatalogEvent("artist", a.id(), CatalogEvent.Op.UPSERT, 1, now, document(a))));
    songs.forEach(s -> events.add(new CatalogEvent("song", s.id(), CatalogEvent.Op.UPSERT, 1, now, document(s))));
    return events;
  }

  static ObjectNode document(Artist a) {
    return JSON.createObjectNode().put("artist_id", a.id()).put("name", a.name()).put("play_count", a.plays());
  }

  static ObjectNode document(Song s) {
    return JSON.createObjectNode().put("song_id", s.id()).put("title", s.title()).put("artist_id", s.artist().id())
        .put("artist", s.artist().name()).put("duration_ms", 200_000).put("play_count", s.plays());
  }

  /** Writes the catalog and its outbox rows in one transaction, as ingest would (many songs at once). */
  public void writeWithOutbox(DataSource db) throws SQLException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement artist = c.prepareStatement("INSERT INTO artists (artist_id, name) VALUES (?, ?)");
          PreparedStatement song = c.prepareStatement("INSERT INTO songs (song_id, title, artist_id, duration_ms,"
              + " play_count) VALUES (?, ?, ?, 200000, ?)");
          PreparedStatement outbox = c.prepareStatement(
              "INSERT INTO outbox (entity_type, entity_id, op, payload) VALUES (?, ?, ?, ?::jsonb)")) {
        for (Artist a : artists) {
          artist.setString(1, a.id());
          artist.setString(2, truncate(a.name()));
          artist.addBatch();
          addOutbox(outbox, "artist", a.id(), "upsert", document(a));
        }
        artist.executeBatch();
        outbox.executeBatch();
        int n = 0;
        for (Song s : songs) {
          song.setString(1, s.id());
          song.setString(2, truncate(s.title()));
          song.setString(3, s.artist().id());
          song.setLong(4, s.plays());
          song.addBatch();
          addOutbox(outbox, "song", s.id(), "upsert", document(s));
          if (++n % 5000 == 0) {
            song.executeBatch();
            outbox.executeBatch();
          }
        }
        song.executeBatch();
        outbox.executeBatch();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Removes the run's rows, with outbox deletes, so the indexer removes its documents too. */
  public void deleteWithOutbox(DataSource db) throws SQLException {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement outbox = c.prepareStatement("""
              INSERT INTO outbox (entity_type, entity_id, op, payload)
              SELECT 'song', song_id, 'delete', '{}'::jsonb FROM songs WHERE song_id LIKE ? || '%'
              UNION ALL
              SELECT 'artist', artist_id, 'delete', '{}'::jsonb FROM artists WHERE artist_id LIKE ? || '%'""");
          PreparedStatement songs = c.prepareStatement("DELETE FROM songs WHERE song_id LIKE ? || '%'");
          PreparedStatement artists = c.prepareStatement("DELETE FROM artists WHERE artist_id LIKE ? || '%'")) {
        outbox.setString(1, prefix);
        outbox.setString(2, prefix);
        outbox.executeUpdate();
        songs.setString(1, prefix);
        songs.executeUpdate();
        artists.setString(1, prefix);
        artists.executeUpdate();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static void addOutbox(PreparedStatement outbox, String type, String id, String op, ObjectNode document)
      throws SQLException {
    ObjectNode payload = JSON.createObjectNode().put("schema_version", 1).put("entity_type", type)
        .put("entity_id", id).put("op", op);
    payload.set("document", document);
    outbox.setString(1, type);
    outbox.setString(2, id);
    outbox.setString(3, op);
    outbox.setString(4, payload.toString());
    outbox.addBatch();
  }

  private static String truncate(String name) {
    return name.length() <= 500 ? name : name.substring(0, 500);
  }
}
