package io.harmonia.search.reindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.clients.PostgresClients;
import io.harmonia.clients.SearchClients;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.schemas.SearchIndexes;
import io.harmonia.search.SearchIndexerApp;
import io.harmonia.search.SearchPipeline;
import io.harmonia.search.indexer.ConsumerGroups;
import io.harmonia.search.relay.OutboxRelay;
import io.harmonia.search.testing.CatalogWrites;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A full reindex of the live aliases while the relay and the indexer run and a writer keeps adding
 * songs: search answers throughout (never fewer of this test's songs than before it began), the
 * aliases end on new indices, and every song written during the build is in them — including
 * songs written after the snapshot and indexed (into the old index) before the switch, which only
 * the indexer's writes to the build alias can have brought into the new one.
 */
class ReindexIT {

  private static final HarmoniaConfig CONFIG = HarmoniaConfig.fromEnvironment();
  private static HikariDataSource db;
  private static ElasticsearchClient es;
  private static SearchPipeline pipeline;
  private static String group;

  @BeforeAll
  static void start() throws Exception {
    db = PostgresClients.dataSource(CONFIG, "reindex-it", 4);
    es = SearchClients.elasticsearch(CONFIG);
    group = "reindex-it-" + java.util.UUID.randomUUID();
    ConsumerGroups.startAtEnd(CONFIG, OutboxRelay.TOPIC, group);
    pipeline = SearchPipeline.start(CONFIG, SearchIndexerApp.Settings.from(CONFIG).withConsumerGroup(group));
  }

  @AfterAll
  static void stop() throws Exception {
    pipeline.close();
    ConsumerGroups.delete(CONFIG, group);
    es._transport().close();
    db.close();
  }

  @Test
  void searchAnswersThroughoutAndNothingWrittenDuringTheBuildIsLost() throws Exception {
    CatalogWrites writes = new CatalogWrites(db);
    String artistId = writes.artist("Reindex " + CatalogWrites.uniqueWord());
    for (int i = 0; i < 20; i++) {
      writes.song(artistId, "Before " + i);
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> searchable(artistId) == 20);
    List<String> before = SearchIndexes.indicesBehind(es, "songs");

    AtomicBoolean reindexing = new AtomicBoolean(true);
    AtomicLong fewest = new AtomicLong(Long.MAX_VALUE);
    AtomicLong searches = new AtomicLong();
    Thread searcher = new Thread(() -> {
      while (reindexing.get()) {
        try {
          fewest.accumulateAndGet(searchable(artistId), Math::min);
          searches.incrementAndGet();
        } catch (Exception e) {
          fewest.set(-1); // a failed search counts as no answer
        }
      }
    });
    AtomicLong writtenDuring = new AtomicLong();
    Thread writer = new Thread(() -> {
      while (reindexing.get() && writtenDuring.get() < 300) {
        try {
          writes.song(artistId, "During " + writtenDuring.incrementAndGet());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    });
    searcher.start();
    writer.start();
    List<String> afterSnapshot = new java.util.ArrayList<>();
    Reindex.Step writeAndIndexBeforeTheSwitch = () -> {
      for (int i = 0; i < 5; i++) {
        afterSnapshot.add(writes.song(artistId, "After the snapshot " + i));
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> searchableIds(afterSnapshot) == afterSnapshot.size());
    };
    Reindex.Report report;
    try {
      report = new Reindex(db, es, writeAndIndexBeforeTheSwitch).run();
    } finally {
      reindexing.set(false);
      searcher.join();
      writer.join();
    }

    System.out.printf("reindex: %s in %d ms; %d searches during it, fewest hits %d; %d songs written during it%n",
        report.documents(), report.took().toMillis(), searches.get(), fewest.get(), writtenDuring.get());
    assertThat(searches.get()).isPositive();
    assertThat(fewest.get()).as("this test's songs found by any search during the reindex").isGreaterThanOrEqualTo(20);
    List<String> after = SearchIndexes.indicesBehind(es, "songs");
    assertThat(after).hasSize(1).doesNotContainAnyElementsOf(before).containsExactly(report.indices().get("songs"));
    assertThat(es.indices().exists(e -> e.index(before)).value()).as("old index deleted").isFalse();
    assertThat(writtenDuring.get()).isPositive();
    assertThat(searchableIds(afterSnapshot)).as("songs indexed between snapshot and switch").isEqualTo(5);
    long inDatabase = songsOf(artistId);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(searchable(artistId)).isEqualTo(inDatabase));
  }

  private static long searchable(String artistId) throws Exception {
    return es.count(c -> c.index("songs").query(q -> q.term(t -> t.field("artist_id").value(artistId)))).count();
  }

  private static long searchableIds(List<String> songIds) throws Exception {
    return es.count(c -> c.index("songs").query(q -> q.ids(i -> i.values(songIds)))).count();
  }

  private static long songsOf(String artistId) throws Exception {
    try (Connection c = db.getConnection();
        PreparedStatement st = c.prepareStatement("SELECT count(*) FROM songs WHERE artist_id = ?")) {
      st.setString(1, artistId);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
