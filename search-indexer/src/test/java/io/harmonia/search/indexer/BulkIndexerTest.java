package io.harmonia.search.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harmonia.search.events.CatalogEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkIndexerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void onlyTheHighestVersionOfAnEntityIsSent() {
    List<CatalogEvent> events = List.of(upsert("s-1", 5), upsert("s-2", 3), upsert("s-1", 9), upsert("s-1", 7),
        delete("s-2", 4));
    assertThat(BulkIndexer.latestPerEntity(events)).extracting(CatalogEvent::entityId, CatalogEvent::version)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("s-1", 9L), org.assertj.core.groups.Tuple.tuple("s-2", 4L));
  }

  @Test
  void conflictsAreStaleTransientErrorsRetryOthersAreRejected() {
    assertThat(BulkIndexer.classify(item(201, null))).isEqualTo(BulkIndexer.ItemResult.APPLIED);
    assertThat(BulkIndexer.classify(item(404, null))).isEqualTo(BulkIndexer.ItemResult.APPLIED);
    assertThat(BulkIndexer.classify(item(409, "version_conflict_engine_exception"))).isEqualTo(BulkIndexer.ItemResult.STALE);
    assertThat(BulkIndexer.classify(item(429, "es_rejected_execution_exception"))).isEqualTo(BulkIndexer.ItemResult.RETRY);
    assertThat(BulkIndexer.classify(item(503, "unavailable_shards_exception"))).isEqualTo(BulkIndexer.ItemResult.RETRY);
    assertThat(BulkIndexer.classify(item(404, "index_not_found_exception"))).isEqualTo(BulkIndexer.ItemResult.RETRY);
    assertThat(BulkIndexer.classify(item(400, "strict_dynamic_mapping_exception"))).isEqualTo(BulkIndexer.ItemResult.REJECTED);
  }

  private static BulkResponseItem item(int status, String errorType) {
    return BulkResponseItem.of(b -> {
      b.operationType(OperationType.Index).index("songs_v1").id("s-1").status(status);
      if (errorType != null) {
        b.error(e -> e.type(errorType).reason("test"));
      }
      return b;
    });
  }

  private static CatalogEvent upsert(String id, long version) {
    return new CatalogEvent("song", id, CatalogEvent.Op.UPSERT, version, Instant.EPOCH,
        JSON.createObjectNode().put("song_id", id));
  }

  private static CatalogEvent delete(String id, long version) {
    return new CatalogEvent("song", id, CatalogEvent.Op.DELETE, version, Instant.EPOCH, null);
  }
}
