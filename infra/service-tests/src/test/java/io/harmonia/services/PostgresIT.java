package io.harmonia.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.clients.PostgresClients;
import io.harmonia.config.HarmoniaConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PostgreSQL through JDBC + HikariCP, against the schema ApplySchemas applied. */
class PostgresIT {

  private static HikariDataSource db;
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void connect() {
    db = PostgresClients.dataSource(HarmoniaConfig.fromEnvironment(), "postgres-it", 2);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void writesAndReadsTheCatalogInOneTransaction() throws SQLException {
    String artistId = "it-a-" + suffix;
    String songId = "it-s-" + suffix;
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      update(c, "INSERT INTO artists (artist_id, name) VALUES (?, ?)", artistId, "Motörhead");
      update(c, "INSERT INTO songs (song_id, title, artist_id, duration_ms) VALUES (?, ?, ?, 169000)",
          songId, "Ace of Spades", artistId);
      c.commit();
    }
    try (Connection c = db.getConnection();
         PreparedStatement q = c.prepareStatement(
             "SELECT s.title, a.name, s.play_count FROM songs s JOIN artists a USING (artist_id) WHERE s.song_id = ?")) {
      q.setString(1, songId);
      try (ResultSet rs = q.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("Ace of Spades");
        assertThat(rs.getString(2)).isEqualTo("Motörhead");
        assertThat(rs.getLong(3)).isZero();
      }
    }
  }

  @Test
  void constraintsKeepMalformedRowsOut() throws SQLException {
    try (Connection c = db.getConnection()) {
      assertThatThrownBy(() -> update(c, "INSERT INTO artists (artist_id, name) VALUES (?, ?)", "bad id!", "x"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("artists_artist_id_check");
    }
  }

  @Test
  void trigramSimilarityFindsATypoWithTheExtensionInstalled() throws SQLException {
    try (Connection c = db.getConnection();
         PreparedStatement q = c.prepareStatement(
             "SELECT similarity(lower(unaccent(?)), lower(unaccent(?))) > 0.3")) {
      q.setString(1, "Motörhead");
      q.setString(2, "motorhed");
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        assertThat(rs.getBoolean(1)).isTrue();
      }
    }
  }

  private static void update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }
}
