package io.harmonia.search.reindex;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.indices.update_aliases.Action;
import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.clients.PostgresClients;
import io.harmonia.clients.SearchClients;
import io.harmonia.config.HarmoniaConfig;
import io.harmonia.schemas.SearchIndexes;
import io.harmonia.search.Backoff;
import io.harmonia.search.documents.SearchDocuments;
import io.harmonia.search.events.CatalogEvent;
import io.harmonia.search.indexer.BulkIndexer;
import io.harmonia.search.indexer.RetryableIndexingException;
import io.harmonia.search.indexer.WriteTargets;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/platform job reindex}: rebuilds every search index from PostgreSQL into the next
 * versioned index and moves the aliases to them in one atomic alias update, so search answers from
 * the old indices until the instant it answers from the complete new ones.
 *
 * <ol>
 *   <li>Create {@code <alias>_v<n+1>} from the current definition, behind the build alias
 *       {@code <alias>_reindex}: from now on the indexer writes every event to both indices.
 *   <li>Read the catalog in one REPEATABLE READ snapshot, taken after step 1, each document
 *       versioned with its entity's latest outbox id ({@link CatalogSnapshot}), and bulk-load it.
 *       An event committed after the snapshot reaches the new index through the indexer (step 1)
 *       with a higher version, so whichever of the two writes lands first, the newer one stays;
 *       an event the snapshot already includes is refused as not newer.
 *   <li>Refresh, then in one {@code _aliases} call: the alias leaves the old index for the new one,
 *       and the build alias goes. Delete the old indices a few seconds later (searches that resolved
 *       the alias just before the switch finish on them).
 * </ol>
 * A failure before step 3 deletes the new indices and leaves the live ones as they were.
 */
public final class Reindex {

  private static final Logger log = LoggerFactory.getLogger(Reindex.class);
  private static final long LOCK_KEY = 0x4841524d4f524958L; // one reindex at a time
  private static final int BATCH = 2000;
  private static final int ATTEMPTS = 8;
  private static final Duration OLD_INDEX_GRACE = Duration.ofSeconds(5);

  private final DataSource db;
  private final ElasticsearchClient es;
  private final Step beforeSwitch;

  /** Something to do between loading and switching (tests write events there). */
  @FunctionalInterface
  interface Step {
    void run() throws Exception;
  }

  public Reindex(DataSource db, ElasticsearchClient es) {
    this(db, es, () -> { });
  }

  Reindex(DataSource db, ElasticsearchClient es, Step beforeSwitch) {
    this.db = db;
    this.es = es;
    this.beforeSwitch = beforeSwitch;
  }

  /** Per alias: the index it now points to and the documents loaded into it. */
  public record Report(Map<String, String> indices, Map<String, Long> documents, Duration took) {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new Job()).execute(args));
  }

  /** The command line: no options but --help; exit 0 reindexed, 1 failed (the live indices untouched), 2 bad arguments. */
  @Command(name = "bin/platform job reindex", usageHelpAutoWidth = true,
      description = {"Rebuilds the search indices (songs, artists, albums) from PostgreSQL into their next versions "
          + "and switches the aliases atomically; search answers from the old indices until the switch.",
          "Exit status: 0 reindexed, 1 failed (the live indices are left as they were), 2 bad arguments."})
  static final class Job implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this usage and exit")
    boolean help;

    @Override
    public Integer call() throws Exception {
      HarmoniaConfig config = HarmoniaConfig.fromEnvironment();
      ElasticsearchClient es = SearchClients.elasticsearch(config);
      try (HikariDataSource db = PostgresClients.dataSource(config, "reindex", 2)) {
        Report report = new Reindex(db, es).run();
        report.indices().forEach((alias, index) -> System.out.printf("%-8s -> %-12s %,d documents%n", alias, index,
            report.documents().get(alias)));
        System.out.printf("reindexed in %.1f s%n", report.took().toMillis() / 1000.0);
        return 0;
      } finally {
        es._transport().close();
      }
    }
  }

  public Report run() throws Exception {
    long start = System.nanoTime();
    try (Connection lock = db.getConnection()) {
      if (!tryLock(lock)) {
        throw new IllegalStateException("another reindex is running");
      }
      Map<String, String> built = new LinkedHashMap<>();
      try {
        for (String alias : SearchDocuments.ALIASES.values()) {
          String index = SearchIndexes.createNextIndex(es, alias);
          built.put(alias, index); // from here on, a failure deletes it
          startBuilding(alias, index);
        }
        Map<String, Long> counts = load(built);
        beforeSwitch.run();
        switchAliases(built);
        return new Report(built, counts, Duration.ofNanos(System.nanoTime() - start));
      } catch (Exception e) {
        for (String index : built.values()) {
          deleteQuietly(index);
        }
        throw e;
      }
    }
  }

  private static boolean tryLock(Connection c) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
      st.setLong(1, LOCK_KEY);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private void startBuilding(String alias, String index) throws IOException {
    // no refreshes while loading; the switch refreshes once
    es.indices().putSettings(p -> p.index(index).settings(s -> s.refreshInterval(t -> t.time("-1"))));
    es.indices().updateAliases(u -> u.actions(a -> a.add(add -> add.index(index).alias(WriteTargets.buildAlias(alias)))));
    log.info("building {} for alias {}", index, alias);
  }

  private Map<String, Long> load(Map<String, String> built) throws Exception {
    Map<String, String> indexPerType = new LinkedHashMap<>();
    built.forEach((alias, index) -> indexPerType.put(SearchDocuments.entityTypeOfIndex(alias), index));
    BulkIndexer bulk = new BulkIndexer(es, WriteTargets.fixed(indexPerType));
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try {
        for (Map.Entry<String, String> e : indexPerType.entrySet()) {
          long n = CatalogSnapshot.stream(c, e.getKey(), BATCH, batch -> applyWithRetries(bulk, batch));
          counts.put(SearchDocuments.alias(e.getKey()), n);
          log.info("loaded {} {} documents into {}", n, e.getKey(), e.getValue());
        }
        c.commit();
      } finally {
        c.setAutoCommit(true);
      }
    }
    return counts;
  }

  private static void applyWithRetries(BulkIndexer bulk, List<CatalogEvent> batch) throws RetryableIndexingException {
    Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10));
    for (int attempt = 1; ; attempt++) {
      try {
        bulk.apply(batch);
        return;
      } catch (RetryableIndexingException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
        log.warn("bulk failed (attempt {}), retrying: {}", attempt, e.getMessage());
        if (!Backoff.pause(backoff.next())) {
          throw e;
        }
      }
    }
  }

  private void switchAliases(Map<String, String> built) throws IOException {
    Map<String, List<String>> old = new LinkedHashMap<>();
    List<Action> actions = new ArrayList<>();
    for (Map.Entry<String, String> e : built.entrySet()) {
      String alias = e.getKey();
      String index = e.getValue();
      es.indices().putSettings(p -> p.index(index).settings(s -> s.refreshInterval(t -> t.time("1s"))));
      es.indices().refresh(r -> r.index(index));
      old.put(alias, SearchIndexes.indicesBehind(es, alias));
      for (String previous : old.get(alias)) {
        actions.add(Action.of(a -> a.remove(r -> r.index(previous).alias(alias))));
      }
      actions.add(Action.of(a -> a.add(add -> add.index(index).alias(alias))));
      actions.add(Action.of(a -> a.remove(r -> r.index(index).alias(WriteTargets.buildAlias(alias)))));
    }
    es.indices().updateAliases(u -> u.actions(actions));
    log.info("aliases switched: {}", built);
    // searches that resolved the alias just before the switch are still running on the old indices
    Backoff.pause(OLD_INDEX_GRACE);
    old.values().stream().flatMap(List::stream).forEach(this::deleteQuietly);
  }

  private void deleteQuietly(String index) {
    try {
      es.indices().delete(d -> d.index(index).ignoreUnavailable(true));
    } catch (IOException | RuntimeException e) {
      log.warn("could not delete index {}: {}", index, e.toString());
    }
  }
}
