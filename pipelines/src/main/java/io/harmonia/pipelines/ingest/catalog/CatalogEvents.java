package io.harmonia.pipelines.ingest.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Catalog events ({@code schemas/.../events/catalog-event/v1.json}) and the search documents they
 * carry: the outbox {@code payload} ingest writes. The documents have the shape of the
 * Elasticsearch indices ({@code schemas/.../elasticsearch/*.json}), minus the {@code suggest}
 * field the indexer derives.
 *
 * <p>{@code version} and {@code event_id} are the outbox row's id: ingest draws the id from the
 * outbox's sequence before the insert, so the payload is complete when the row commits and the
 * relay publishes it as it is.
 */
public final class CatalogEvents {

  public static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private CatalogEvents() {}

  public record SongDocument(String songId, String title, String artistId, String artist, String albumId,
      String album, String genre, Integer releaseYear, int durationMs, long playCount) {

    public ObjectNode toJson() {
      ObjectNode doc = JSON.createObjectNode();
      doc.put("song_id", songId);
      doc.put("title", title);
      doc.put("artist_id", artistId);
      doc.put("artist", artist);
      doc.put("album_id", albumId);
      doc.put("album", album);
      doc.put("genre", genre);
      doc.put("release_year", releaseYear);
      doc.put("duration_ms", durationMs);
      doc.put("play_count", playCount);
      return doc;
    }
  }

  public record ArtistDocument(String artistId, String name, long playCount) {

    public ObjectNode toJson() {
      ObjectNode doc = JSON.createObjectNode();
      doc.put("artist_id", artistId);
      doc.put("name", name);
      doc.put("play_count", playCount);
      return doc;
    }
  }

  public record AlbumDocument(String albumId, String title, String artistId, String artist, Integer releaseYear,
      long playCount) {

    public ObjectNode toJson() {
      ObjectNode doc = JSON.createObjectNode();
      doc.put("album_id", albumId);
      doc.put("title", title);
      doc.put("artist_id", artistId);
      doc.put("artist", artist);
      doc.put("release_year", releaseYear);
      doc.put("play_count", playCount);
      return doc;
    }
  }

  /** An upsert event carrying the entity's full search document. */
  public static ObjectNode upsert(long outboxId, String entityType, String entityId, Instant occurredAt,
      ObjectNode document) {
    ObjectNode event = JSON.createObjectNode();
    event.put("schema_version", SCHEMA_VERSION);
    event.put("event_id", Long.toString(outboxId));
    event.put("entity_type", entityType);
    event.put("entity_id", entityId);
    event.put("op", "upsert");
    event.put("version", outboxId);
    event.put("occurred_at", occurredAt.truncatedTo(ChronoUnit.MILLIS).toString());
    event.set("document", document);
    return event;
  }
}
