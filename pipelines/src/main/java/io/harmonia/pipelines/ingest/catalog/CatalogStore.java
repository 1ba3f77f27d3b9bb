package io.harmonia.pipelines.ingest.catalog;

import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.clients.PostgresClients;
import io.harmonia.clients.RetriedTransactions;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.pipelines.ingest.CatalogSong;
import io.harmonia.pipelines.ingest.ProbedSong;
import io.harmonia.pipelines.ingest.Rendition;
import io.harmonia.pipelines.ingest.catalog.CatalogRows.AlbumRow;
import io.harmonia.pipelines.ingest.catalog.CatalogRows.ArtistRow;
import io.harmonia.pipelines.ingest.catalog.CatalogRows.Desired;
import io.harmonia.pipelines.ingest.catalog.CatalogRows.SongRow;
import io.harmonia.pipelines.ingest.catalog.CatalogRows.Stored;
import io.harmonia.pipelines.ingest.objectstore.RenditionKeys;
import io.harmonia.schemas.catalog.CatalogOutbox;
import io.harmonia.schemas.catalog.SearchDocuments;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * The catalog in PostgreSQL as ingest sees it: what is stored for a song, and the one transaction
 * per song that writes its artists, album, song, {@code song_files} and outbox rows together.
 *
 * <p>Every upsert changes a row only when a value differs ({@code IS DISTINCT FROM}), and returns
 * it only then: an unchanged song writes nothing and emits no event. A changed artist name or album
 * also re-emits the documents that carry it (all songs and albums of that artist, all songs of
 * that album), so the search index never keeps a stale name.
 */
public final class CatalogStore {

  private static final int POOL_SIZE = 4;
  private static final int ATTEMPTS = 3;
  private static CatalogStore shared;

  private final DataSource db;

  public CatalogStore(DataSource db) {
    this.db = db;
  }

  /** One pool per JVM, shared by the ingest steps running in it. */
  public static synchronized CatalogStore shared() {
    if (shared == null) {
      HikariDataSource pool = PostgresClients.dataSource(HarmoniaConfig.fromEnvironment(), "catalog-ingest", POOL_SIZE);
      shared = new CatalogStore(pool);
    }
    return shared;
  }

  /** What the catalog holds for the song and the artists and album it names. */
  public Stored read(CatalogSong song) throws SQLException {
    Set<String> artistIds = new TreeSet<>();
    artistIds.add(song.artist().artistId());
    if (song.album() != null) {
      artistIds.add(song.album().artist().artistId());
    }
    try (Connection c = db.getConnection()) {
      c.setReadOnly(true);
      SongRow stored = null;
      try (PreparedStatement q = c.prepareStatement(
          "SELECT song_id, title, artist_id, album_id, track_number, genre, release_year, duration_ms, master_sha256"
              + " FROM songs WHERE song_id = ?")) {
        q.setString(1, song.songId());
        try (ResultSet r = q.executeQuery()) {
          if (r.next()) {
            stored = new SongRow(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                (Integer) r.getObject(5), r.getString(6), (Integer) r.getObject(7), (Integer) r.getObject(8),
                r.getString(9));
          }
        }
      }
      Map<String, ArtistRow> artists = new TreeMap<>();
      try (PreparedStatement q = c.prepareStatement("SELECT artist_id, name FROM artists WHERE artist_id = ANY (?)")) {
        q.setArray(1, c.createArrayOf("text", artistIds.toArray()));
        try (ResultSet r = q.executeQuery()) {
          while (r.next()) {
            artists.put(r.getString(1), new ArtistRow(r.getString(1), r.getString(2)));
          }
        }
      }
      AlbumRow album = null;
      if (song.album() != null) {
        try (PreparedStatement q = c.prepareStatement(
            "SELECT album_id, artist_id, title, release_year FROM albums WHERE album_id = ?")) {
          q.setString(1, song.album().albumId());
          try (ResultSet r = q.executeQuery()) {
            if (r.next()) {
              album = new AlbumRow(r.getString(1), r.getString(2), r.getString(3), (Integer) r.getObject(4));
            }
          }
        }
      }
      Map<Integer, String> fileKeys = new HashMap<>();
      try (PreparedStatement q = c.prepareStatement("SELECT bitrate, object_key FROM song_files WHERE song_id = ?")) {
        q.setString(1, song.songId());
        try (ResultSet r = q.executeQuery()) {
          while (r.next()) {
            fileKeys.put(r.getInt(1), r.getString(2));
          }
        }
      }
      return new Stored(stored, artists, album, fileKeys);
    }
  }

  /**
   * What one song's transaction did. {@code changedSongs}: the songs whose metadata or renditions
   * it changed (this one, or every song of a renamed artist or album), whose cached copies are stale.
   */
  public record WriteResult(boolean songCreated, boolean changed, int outboxRows, Set<String> changedSongs) {}

  /**
   * Writes one song in one transaction: its rows, the given renditions' {@code song_files} rows
   * and the outbox rows for every document that changed. Fails, writing nothing, when the song
   * would end up without all its renditions for this master. Retried on deadlock.
   */
  public WriteResult write(ProbedSong probed, List<Rendition> renditions) throws SQLException {
    Desired desired = Desired.of(probed);
    return RetriedTransactions.run(db, ATTEMPTS, "catalog write of " + probed.songId(),
        c -> writeSong(c, probed, desired, renditions));
  }

  private WriteResult writeSong(Connection c, ProbedSong probed, Desired desired, List<Rendition> renditions)
      throws SQLException {
    Set<String> artistEvents = new TreeSet<>();
    Set<String> albumEvents = new TreeSet<>();
    Set<String> songEvents = new TreeSet<>();

    for (ArtistRow artist : desired.artists().values()) { // sorted by id: a fixed lock order
      Boolean created = upsertArtist(c, artist);
      if (created != null) {
        artistEvents.add(artist.artistId());
        if (!created) { // renamed: every document that carries the name changes
          albumEvents.addAll(ids(c, "SELECT album_id FROM albums WHERE artist_id = ?", artist.artistId()));
          songEvents.addAll(ids(c, "SELECT song_id FROM songs WHERE artist_id = ?", artist.artistId()));
        }
      }
    }
    AlbumRow album = desired.album();
    if (album != null) {
      Boolean created = upsertAlbum(c, album);
      if (created != null) {
        albumEvents.add(album.albumId());
        if (!created) {
          songEvents.addAll(ids(c, "SELECT song_id FROM songs WHERE album_id = ?", album.albumId()));
        }
      }
    }
    Boolean songCreated = upsertSong(c, desired.song());
    if (songCreated != null) {
      songEvents.add(desired.song().songId());
    }
    boolean filesChanged = false;
    for (Rendition rendition : renditions) {
      filesChanged |= upsertSongFile(c, rendition);
    }
    requireAllRenditions(c, probed);

    List<SearchDocuments.Document> documents = new ArrayList<>();
    documents.addAll(SearchDocuments.artists(c, artistEvents));
    documents.addAll(SearchDocuments.albums(c, albumEvents));
    documents.addAll(SearchDocuments.songs(c, songEvents));
    int outboxRows = CatalogOutbox.writeUpserts(c, documents, Instant.now());
    boolean changed = !artistEvents.isEmpty() || !albumEvents.isEmpty() || !songEvents.isEmpty() || filesChanged;
    Set<String> changedSongs = new TreeSet<>(songEvents);
    if (filesChanged) {
      changedSongs.add(desired.song().songId());
    }
    return new WriteResult(Boolean.TRUE.equals(songCreated), changed, outboxRows, changedSongs);
  }

  // Each upsert returns null when nothing changed, true when it inserted, false when it updated.
  // (xmax = 0) is PostgreSQL's way to tell an inserted row from an updated one in RETURNING.

  private static Boolean upsertArtist(Connection c, ArtistRow artist) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO artists (artist_id, name) VALUES (?, ?)"
            + " ON CONFLICT (artist_id) DO UPDATE SET name = EXCLUDED.name, updated_at = now()"
            + " WHERE artists.name IS DISTINCT FROM EXCLUDED.name"
            + " RETURNING (xmax = 0)")) {
      s.setString(1, artist.artistId());
      s.setString(2, artist.name());
      return created(s);
    }
  }

  private static Boolean upsertAlbum(Connection c, AlbumRow album) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO albums (album_id, artist_id, title, release_year) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (album_id) DO UPDATE SET artist_id = EXCLUDED.artist_id, title = EXCLUDED.title,"
            + " release_year = EXCLUDED.release_year, updated_at = now()"
            + " WHERE (albums.artist_id, albums.title, albums.release_year)"
            + " IS DISTINCT FROM (EXCLUDED.artist_id, EXCLUDED.title, EXCLUDED.release_year)"
            + " RETURNING (xmax = 0)")) {
      s.setString(1, album.albumId());
      s.setString(2, album.artistId());
      s.setString(3, album.title());
      setInteger(s, 4, album.releaseYear());
      return created(s);
    }
  }

  private static Boolean upsertSong(Connection c, SongRow song) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO songs (song_id, title, artist_id, album_id, track_number, genre, release_year, duration_ms,"
            + " master_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (song_id) DO UPDATE SET title = EXCLUDED.title, artist_id = EXCLUDED.artist_id,"
            + " album_id = EXCLUDED.album_id, track_number = EXCLUDED.track_number, genre = EXCLUDED.genre,"
            + " release_year = EXCLUDED.release_year, duration_ms = EXCLUDED.duration_ms,"
            + " master_sha256 = EXCLUDED.master_sha256, updated_at = now()"
            + " WHERE (songs.title, songs.artist_id, songs.album_id, songs.track_number, songs.genre,"
            + " songs.release_year, songs.duration_ms, songs.master_sha256)"
            + " IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.artist_id, EXCLUDED.album_id, EXCLUDED.track_number,"
            + " EXCLUDED.genre, EXCLUDED.release_year, EXCLUDED.duration_ms, EXCLUDED.master_sha256)"
            + " RETURNING (xmax = 0)")) {
      s.setString(1, song.songId());
      s.setString(2, song.title());
      s.setString(3, song.artistId());
      s.setString(4, song.albumId());
      setInteger(s, 5, song.trackNumber());
      s.setString(6, song.genre());
      setInteger(s, 7, song.releaseYear());
      setInteger(s, 8, song.durationMs());
      s.setString(9, song.masterSha256());
      return created(s);
    }
  }

  private static boolean upsertSongFile(Connection c, Rendition rendition) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO song_files (song_id, bitrate, object_key, size_bytes, duration_ms, sha256)"
            + " VALUES (?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (song_id, bitrate) DO UPDATE SET object_key = EXCLUDED.object_key,"
            + " size_bytes = EXCLUDED.size_bytes, duration_ms = EXCLUDED.duration_ms, sha256 = EXCLUDED.sha256,"
            + " created_at = now()"
            + " WHERE song_files.object_key IS DISTINCT FROM EXCLUDED.object_key")) {
      s.setString(1, rendition.songId());
      s.setInt(2, rendition.bitrate());
      s.setString(3, rendition.objectKey());
      s.setLong(4, rendition.sizeBytes());
      s.setInt(5, Math.toIntExact(rendition.durationMs()));
      s.setString(6, rendition.sha256());
      return s.executeUpdate() > 0;
    }
  }

  /** A song is playable at every bitrate or not written at all. */
  private static void requireAllRenditions(Connection c, ProbedSong probed) throws SQLException {
    Map<Integer, String> keys = new HashMap<>();
    try (PreparedStatement q = c.prepareStatement("SELECT bitrate, object_key FROM song_files WHERE song_id = ?")) {
      q.setString(1, probed.songId());
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          keys.put(r.getInt(1), r.getString(2));
        }
      }
    }
    List<Integer> missing = new ArrayList<>();
    for (int bitrate : RenditionKeys.BITRATES) {
      if (!probed.objectKey(bitrate).equals(keys.get(bitrate))) {
        missing.add(bitrate);
      }
    }
    if (!missing.isEmpty()) {
      throw new IncompleteSongException("no rendition of this master at " + missing + " kbps; nothing written");
    }
  }

  /** Inserts an outbox row whose payload carries its own id as event id and version. */
  private static Boolean created(PreparedStatement s) throws SQLException {
    try (ResultSet r = s.executeQuery()) {
      return r.next() ? r.getBoolean(1) : null;
    }
  }

  private static List<String> ids(Connection c, String sql, String id) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (PreparedStatement q = c.prepareStatement(sql)) {
      q.setString(1, id);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          ids.add(r.getString(1));
        }
      }
    }
    return ids;
  }

  private static void setInteger(PreparedStatement s, int index, Integer value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.INTEGER);
    } else {
      s.setInt(index, value);
    }
  }

  /** The song lacks a rendition of its current master: the transaction is rolled back. */
  public static final class IncompleteSongException extends SQLException {
    private static final long serialVersionUID = 1L;

    IncompleteSongException(String message) {
      super(message);
    }
  }
}
