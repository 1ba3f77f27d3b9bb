package io.harmonia.api.playlists;

import io.harmonia.api.http.ApiProblem;
import io.harmonia.api.http.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code X-Idempotency-Key}: the first answer to a request, kept per user and key, so that a retry
 * gets that answer again instead of doing the work twice.
 *
 * <p>The key's row is written in the transaction that does the work, so the two commit together
 * or not at all. Two attempts racing with one key: the second blocks on the key's primary key
 * until the first commits, fails, and is retried by the caller, which then finds the first answer
 * ({@link KeyTaken}). The request hash (method, path and the request's own fields) tells a retry
 * from a reuse of the key for something else: that is a 422.
 */
final class IdempotencyKeys {

  static final String HEADER = "X-Idempotency-Key";
  private static final int MAX_KEY = 200;
  private static final String UNIQUE_VIOLATION = "23505";

  private final DataSource db;

  IdempotencyKeys(DataSource db) {
    this.db = db;
  }

  /** A request made under a key: who, which key, and the hash of what was asked. */
  record KeyedRequest(String userId, String key, String requestHash) {}

  /** An answer as sent: its status and JSON body (a result or a problem). */
  record Answer(int status, String json, boolean replayed) {
    static Answer fresh(int status, String json) {
      return new Answer(status, json, false);
    }
  }

  /** Thrown when another attempt with the same key committed first: retry, and find its answer. */
  static final class KeyTaken extends RuntimeException {
    KeyTaken() {
      super(null, null, false, false);
    }
  }

  /** The header's key: 1 to 200 visible ASCII characters; empty when the header is absent. */
  static Optional<String> keyFrom(String header) {
    if (header == null) {
      return Optional.empty();
    }
    if (header.isEmpty() || header.length() > MAX_KEY || !header.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f)) {
      throw ApiProblem.badRequest(HEADER + " must be 1 to " + MAX_KEY + " visible ASCII characters (a UUID is a good key)");
    }
    return Optional.of(header);
  }

  /**
   * SHA-256 over the method, the path and the request's identifying fields, canonically as JSON
   * (record components in declaration order). Preconditions such as the expected version are
   * left out: a client that re-fetches after a 409 and retries with the same key is retrying.
   */
  static String requestHash(String method, String path, Object identity) {
    String canonical = method + " " + path + "\n" + Json.write(identity);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The answer first given under this key, or empty; a 422 when the key was used for another request. */
  Optional<Answer> recall(Connection c, KeyedRequest request) throws SQLException {
    String sql = "SELECT request_hash, response_status, response_body::text FROM idempotency_keys"
        + " WHERE user_id = ? AND idempotency_key = ?";
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, request.userId());
      st.setString(2, request.key());
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        if (!rs.getString(1).equals(request.requestHash())) {
          throw new ApiProblem(422, "idempotency-key-reused", "Idempotency key reused",
              "this " + HEADER + " was already used for a different request; use a new key for a new request");
        }
        return Optional.of(new Answer(rs.getInt(2), rs.getString(3), true));
      }
    }
  }

  /** Keeps the answer under the key, in the caller's transaction; {@link KeyTaken} when another attempt did first. */
  void remember(Connection c, KeyedRequest request, Answer answer) throws SQLException {
    String sql = "INSERT INTO idempotency_keys (user_id, idempotency_key, request_hash, response_status, response_body)"
        + " VALUES (?, ?, ?, ?, ?::jsonb)";
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, request.userId());
      st.setString(2, request.key());
      st.setString(3, request.requestHash());
      st.setInt(4, answer.status());
      st.setString(5, answer.json());
      st.executeUpdate();
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw new KeyTaken();
      }
      throw e;
    }
  }

  /** Forgets keys older than {@code age}, in batches so that no statement runs long; returns how many. */
  int forgetOlderThan(Duration age) {
    String sql = "DELETE FROM idempotency_keys WHERE ctid = ANY (ARRAY(SELECT ctid FROM idempotency_keys"
        + " WHERE created_at < now() - make_interval(secs => ?) LIMIT 5000))";
    int total = 0;
    try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
      int deleted;
      do {
        st.setDouble(1, age.toSeconds());
        deleted = st.executeUpdate();
        total += deleted;
      } while (deleted > 0);
      return total;
    } catch (SQLException e) {
      throw new IllegalStateException("forgetting old idempotency keys failed", e);
    }
  }
}
