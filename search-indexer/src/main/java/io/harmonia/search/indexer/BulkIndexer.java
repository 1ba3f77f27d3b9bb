package io.harmonia.search.indexer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harmonia.search.documents.SearchDocuments;
import io.harmonia.search.events.CatalogEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies catalog events to Elasticsearch in one bulk request, each as an index or delete with
 * {@code version_type: external} and the event's version (the outbox id). Elasticsearch keeps a
 * document only when the incoming version is higher than the stored one, so a duplicate or an
 * older event arriving late is refused with 409 — which is the outcome we want, and counts as
 * applied. Nothing can move a document backwards.
 *
 * <p>Throws {@link RetryableIndexingException} when Elasticsearch is unreachable or refuses items
 * for a passing reason (429, 5xx, an alias that moved): the caller retries the whole batch, which
 * is harmless for the items that did succeed. An item refused for good (e.g. a document the mapping
 * rejects) is logged and counted, not retried forever.
 */
public final class BulkIndexer {

  private static final Logger log = LoggerFactory.getLogger(BulkIndexer.class);

  private final ElasticsearchClient es;
  private final WriteTargets targets;

  public BulkIndexer(ElasticsearchClient es, WriteTargets targets) {
    this.es = es;
    this.targets = targets;
  }

  /** What one bulk did: applied, stale (refused as older or repeated), rejected for good. */
  public record Outcome(int applied, int stale, int rejected) {
    public int total() {
      return applied + stale + rejected;
    }
  }

  public Outcome apply(Collection<CatalogEvent> events) throws RetryableIndexingException {
    Collection<CatalogEvent> latest = latestPerEntity(events);
    if (latest.isEmpty()) {
      return new Outcome(0, 0, 0);
    }
    BulkResponse response;
    try {
      Map<String, List<String>> names = targets.resolve();
      List<BulkOperation> operations = new ArrayList<>();
      for (CatalogEvent event : latest) {
        for (String target : names.get(event.entityType())) {
          operations.add(operation(target, event));
        }
      }
      response = es.bulk(BulkRequest.of(b -> b.operations(operations).requireAlias(targets.aliases())));
    } catch (IOException | RuntimeException e) {
      throw new RetryableIndexingException("bulk of " + latest.size() + " events failed: " + e, e);
    }
    return outcome(response);
  }

  /**
   * Within one batch only the highest version of an entity can win; sending the others would be
   * work for Elasticsearch to refuse.
   */
  static Collection<CatalogEvent> latestPerEntity(Collection<CatalogEvent> events) {
    Map<String, CatalogEvent> latest = new LinkedHashMap<>();
    for (CatalogEvent event : events) {
      latest.merge(event.entityType() + "/" + event.entityId(), event,
          (a, b) -> b.version() > a.version() ? b : a);
    }
    return latest.values();
  }

  private static BulkOperation operation(String target, CatalogEvent event) {
    if (event.op() == CatalogEvent.Op.DELETE) {
      return BulkOperation.of(o -> o.delete(d -> d.index(target).id(event.entityId())
          .version(event.version()).versionType(VersionType.External)));
    }
    ObjectNode source = SearchDocuments.source(event.entityType(), event.document());
    return BulkOperation.of(o -> o.index(i -> i.index(target).id(event.entityId())
        .version(event.version()).versionType(VersionType.External).document(source)));
  }

  private static Outcome outcome(BulkResponse response) throws RetryableIndexingException {
    int applied = 0;
    int stale = 0;
    int rejected = 0;
    List<String> retryable = new ArrayList<>();
    for (BulkResponseItem item : response.items()) {
      switch (classify(item)) {
        case APPLIED -> applied++;
        case STALE -> stale++;
        case RETRY -> retryable.add(describe(item));
        case REJECTED -> {
          rejected++;
          log.error("Elasticsearch refused {} {} for good: {}", item.index(), item.id(), describe(item));
        }
      }
    }
    if (!retryable.isEmpty()) {
      throw new RetryableIndexingException(retryable.size() + " items failed, e.g. " + retryable.get(0), null);
    }
    return new Outcome(applied, stale, rejected);
  }

  enum ItemResult { APPLIED, STALE, RETRY, REJECTED }

  static ItemResult classify(BulkResponseItem item) {
    ErrorCause error = item.error();
    int status = item.status();
    if (error == null) {
      // a delete of a document that is not there: done (the external version is recorded anyway)
      return ItemResult.APPLIED;
    }
    String type = error.type() == null ? "" : error.type();
    if (status == 409 || type.equals("version_conflict_engine_exception")) {
      return ItemResult.STALE;
    }
    if (status == 429 || status >= 500 || type.equals("index_not_found_exception")
        || type.equals("aliases_not_found_exception")) {
      return ItemResult.RETRY;
    }
    return ItemResult.REJECTED;
  }

  private static String describe(BulkResponseItem item) {
    ErrorCause error = item.error();
    return item.status() + " " + (error == null ? "" : error.type() + ": " + error.reason());
  }
}
