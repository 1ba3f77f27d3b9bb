package io.harmonia.schemas.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.schemas.EventSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The outbox payloads catalog writers write are valid catalog events carrying index-shaped documents. */
class CatalogOutboxTest {

  private static final Instant NOW = Instant.parse("2026-11-29T02:33:17.123456Z");
  private final EventSchemas.Validator validator = EventSchemas.validator(EventSchemas.CATALOG_EVENT);

  private final SearchDocuments.Song song = new SearchDocuments.Song("s-000042", "Bohemian Rhapsody",
      "a-0001", "Queen", "al-0001", "A Night at the Opera", "rock", 1975, 354000, 12);
  private final SearchDocuments.Song single = new SearchDocuments.Song("s-000043", "Under Pressure",
      "a-0001", "Queen", null, null, "rock", 1981, 248000, 0);
  private final SearchDocuments.Artist artist = new SearchDocuments.Artist("a-0001", "Queen", 12);
  private final SearchDocuments.Album album = new SearchDocuments.Album("al-0001", "A Night at the Opera",
      "a-0001", "Queen", 1975, 12);
  private final SearchDocuments.Album undated = new SearchDocuments.Album("al-0002", "Demos", "a-0001",
      "Queen", null, 0);

  @Test
  void upsertsOfEveryEntityAreValidCatalogEvents() {
    assertThat(validator.validate(CatalogOutbox.upsert(1042, "song", "s-000042", NOW, song.toJson()))).isEmpty();
    assertThat(validator.validate(CatalogOutbox.upsert(1043, "song", "s-000043", NOW, single.toJson()))).isEmpty();
    assertThat(validator.validate(CatalogOutbox.upsert(1044, "artist", "a-0001", NOW, artist.toJson()))).isEmpty();
    assertThat(validator.validate(CatalogOutbox.upsert(1045, "album", "al-0001", NOW, album.toJson()))).isEmpty();
    assertThat(validator.validate(CatalogOutbox.upsert(1046, "album", "al-0002", NOW, undated.toJson()))).isEmpty();
  }

  @Test
  void theOutboxIdIsTheEventIdAndTheVersion() {
    ObjectNode event = CatalogOutbox.upsert(1042, "song", "s-000042", NOW, song.toJson());

    assertThat(event.get("event_id").asText()).isEqualTo("1042");
    assertThat(event.get("version").asLong()).isEqualTo(1042);
    assertThat(event.get("schema_version").asInt()).isEqualTo(1);
    assertThat(event.get("op").asText()).isEqualTo("upsert");
    assertThat(event.get("occurred_at").asText()).isEqualTo("2026-11-29T02:33:17.123Z");
  }

  @Test
  void theSongDocumentMatchesTheShapeOfTheSongsIndexExample() throws IOException {
    JsonNode example = resource("events/catalog-event/examples/song-upsert.json").get("document");
    SearchDocuments.Song fromExample = new SearchDocuments.Song(
        example.get("song_id").asText(), example.get("title").asText(), example.get("artist_id").asText(),
        example.get("artist").asText(), example.get("album_id").asText(), example.get("album").asText(),
        example.get("genre").asText(), example.get("release_year").asInt(), example.get("duration_ms").asInt(),
        example.get("play_count").asLong());

    assertThat(fromExample.toJson().toString()).isEqualTo(example.toString());
  }

  @Test
  void documentsHoldExactlyTheFieldsOfTheirIndexMinusTheDerivedSuggestion() throws IOException {
    assertThat(fields(song.toJson())).isEqualTo(indexFields("songs"));
    assertThat(fields(artist.toJson())).isEqualTo(indexFields("artists"));
    assertThat(fields(album.toJson())).isEqualTo(indexFields("albums"));
  }

  private static Set<String> fields(JsonNode doc) {
    Set<String> names = new HashSet<>();
    doc.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Set<String> indexFields(String index) throws IOException {
    Set<String> names = fields(resource("elasticsearch/" + index + ".json").get("mappings").get("properties"));
    names.remove("suggest");
    return names;
  }

  private static JsonNode resource(String path) throws IOException {
    try (InputStream in = CatalogOutboxTest.class.getClassLoader().getResourceAsStream(path)) {
      return new ObjectMapper().readTree(in);
    }
  }
}
