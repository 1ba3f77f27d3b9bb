package io.harmonia.schemas;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import io.harmonia.clients.CassandraClients;
import io.harmonia.config.HarmoniaConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cassandra: the keyspace, then the versioned CQL files under {@code cassandra/} in order
 * ({@code V<n>__<what>.cql}), each applied once and recorded with its checksum in
 * {@code schema_migrations}, as Flyway does for PostgreSQL. An applied file that changed is an
 * error: write a new version instead.
 */
final class CassandraSchema {

  private static final Pattern FILE = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.cql");
  private static final Pattern ADD_COLUMNS = Pattern.compile("(?is)^\\s*ALTER\\s+TABLE\\s+\\S+\\s+ADD\\b");
  private static final Duration DDL_TIMEOUT = Duration.ofSeconds(60);

  private CassandraSchema() {}

  static String apply(HarmoniaConfig config) {
    String keyspace = config.cassandra().keyspace();
    if (!keyspace.matches("[a-z][a-z0-9_]{0,47}")) {
      throw new IllegalStateException("HARMONIA_CASSANDRA_KEYSPACE must be a plain lower-case name, got " + keyspace);
    }
    String replication = config.get("HARMONIA_CASSANDRA_REPLICATION",
        "{'class': 'SimpleStrategy', 'replication_factor': 1}");
    try (CqlSession unbound = CassandraClients.unboundSession(config)) {
      ddl(unbound, "CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = " + replication);
    }
    try (CqlSession session = CassandraClients.session(config)) {
      ddl(session, "CREATE TABLE IF NOT EXISTS schema_migrations ("
          + "version int PRIMARY KEY, description text, checksum text, applied_at timestamp)");

      Map<Integer, String> applied = new HashMap<>();
      for (Row row : session.execute("SELECT version, checksum FROM schema_migrations")) {
        applied.put(row.getInt("version"), row.getString("checksum"));
      }
      int executed = 0;
      int current = 0;
      for (String file : ClasspathResources.list("cassandra", ".cql")) {
        Matcher m = FILE.matcher(file);
        if (!m.matches()) {
          throw new IllegalStateException("cassandra/" + file + ": name must be V<n>__<description>.cql");
        }
        int version = Integer.parseInt(m.group(1));
        String text = ClasspathResources.read("cassandra/" + file);
        String checksum = ClasspathResources.sha256(text);
        String recorded = applied.get(version);
        if (recorded != null) {
          if (!recorded.equals(checksum)) {
            throw new IllegalStateException("cassandra/" + file + " changed after it was applied; add a new version instead");
          }
        } else {
          for (String statement : statements(text)) {
            ddl(session, statement);
          }
          session.execute(SimpleStatement.newInstance(
              "INSERT INTO schema_migrations (version, description, checksum, applied_at) VALUES (?, ?, ?, ?)",
              version, m.group(2), checksum, Instant.now()));
          executed++;
        }
        current = Math.max(current, version);
      }
      session.checkSchemaAgreement();
      int tables = session.getMetadata().getKeyspace(CqlIdentifier.fromCql(keyspace))
          .map(k -> k.getTables().size()).orElse(0);
      return executed + " CQL file(s) applied, keyspace " + keyspace + " at version " + current + ", " + tables + " tables";
    }
  }

  private static void ddl(CqlSession session, String cql) {
    try {
      session.execute(SimpleStatement.newInstance(cql).setTimeout(DDL_TIMEOUT));
    } catch (InvalidQueryException e) {
      // A file interrupted after its ALTER ... ADD and before its record is applied again: the
      // columns it added are there already, which is the state the statement wants.
      if (!(ADD_COLUMNS.matcher(cql).find() && String.valueOf(e.getMessage()).contains("already exist"))) {
        throw e;
      }
    }
  }

  /** The statements of a CQL file: {@code --} comments dropped, split at semicolons ending a line. */
  static List<String> statements(String text) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n")) {
      String code = line.contains("--") ? line.substring(0, line.indexOf("--")) : line;
      if (code.isBlank()) {
        continue;
      }
      current.append(code.stripTrailing()).append('\n');
      if (code.stripTrailing().endsWith(";")) {
        String statement = current.toString().trim();
        statements.add(statement.substring(0, statement.length() - 1).trim());
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      throw new IllegalStateException("CQL file ends without ';' after: " + current.toString().trim());
    }
    return statements;
  }
}
