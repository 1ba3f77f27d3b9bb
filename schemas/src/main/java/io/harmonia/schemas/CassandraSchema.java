package io.harmonia.schemas;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.harmonia.clients.CassandraClients;
import io.harmonia.config.HarmoniaConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
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
            String toRun = withoutExistingColumns(statement, table -> columns(session, keyspace, table));
            if (toRun != null) {
              ddl(session, toRun);
            }
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

  private static final Pattern ALTER_ADD = Pattern.compile(
      "(?is)ALTER\\s+TABLE\\s+([A-Za-z_][A-Za-z0-9_]*)\\s+ADD\\s+(?!IF\\b)(\\(.*\\)|[^()]+)");

  /**
   * A file is recorded in {@code schema_migrations} only after all its statements ran, so a run
   * that stopped in between (a crash, a DDL timeout) applies the file again. {@code ALTER TABLE t
   * ADD} of a column that exists is an error in Cassandra: such a statement is run for the columns
   * still missing only, skipped when none is, and refused when a column exists with another type.
   *
   * @param existing the table's columns and their CQL types (empty when the table does not exist)
   * @return the statement to run, or null when there is nothing to do
   */
  static String withoutExistingColumns(String statement, Function<String, Map<String, String>> existing) {
    Matcher m = ALTER_ADD.matcher(statement.trim());
    if (!m.matches()) {
      return statement;
    }
    String table = m.group(1).toLowerCase(Locale.ROOT);
    String list = m.group(2).trim();
    if (list.startsWith("(")) {
      list = list.substring(1, list.length() - 1);
    }
    Map<String, String> columns = existing.apply(table);
    List<String> missing = new ArrayList<>();
    for (String definition : splitTopLevel(list)) {
      String[] parts = definition.trim().split("\\s+", 2);
      if (parts.length != 2) {
        throw new IllegalStateException("cannot read the column definition '" + definition.trim() + "' in: " + statement);
      }
      String name = parts[0].toLowerCase(Locale.ROOT);
      String type = parts[1].replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
      String have = columns.get(name);
      if (have == null) {
        missing.add(definition.trim());
      } else if (!have.replaceAll("\\s+", "").toLowerCase(Locale.ROOT).equals(type)) {
        throw new IllegalStateException(table + "." + name + " exists as " + have + ", not " + parts[1] + ": " + statement);
      }
    }
    if (missing.isEmpty()) {
      return null;
    }
    return "ALTER TABLE " + m.group(1) + " ADD (" + String.join(", ", missing) + ")";
  }

  private static List<String> splitTopLevel(String list) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < list.length(); i++) {
      char ch = list.charAt(i);
      if (ch == '<') {
        depth++;
      } else if (ch == '>') {
        depth--;
      } else if (ch == ',' && depth == 0) {
        parts.add(list.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(list.substring(start));
    return parts;
  }

  private static Map<String, String> columns(CqlSession session, String keyspace, String table) {
    session.refreshSchema();
    Map<String, String> columns = new HashMap<>();
    session.getMetadata().getKeyspace(CqlIdentifier.fromCql(keyspace))
        .flatMap(k -> k.getTable(CqlIdentifier.fromCql(table)))
        .ifPresent(t -> t.getColumns().forEach((id, c) -> columns.put(id.asInternal(), c.getType().asCql(false, true))));
    return columns;
  }

  private static void ddl(CqlSession session, String cql) {
    session.execute(SimpleStatement.newInstance(cql).setTimeout(DDL_TIMEOUT));
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
