package io.harmonia.api.users;

import io.harmonia.api.http.ApiProblem;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** The {@code users} table. Emails are unique whatever their case (index on lower(email)). */
public final class UserRepository {

  private static final String UNIQUE_VIOLATION = "23505";

  private final DataSource db;

  public UserRepository(DataSource db) {
    this.db = db;
  }

  /** What signing in needs to know about an account. */
  public record Credentials(String userId, String passwordHash, String subscription, Set<String> roles) {}

  /** Stores a new account; a 409 problem when the email is taken. */
  public User insert(String userId, NewUserRequest user, String passwordHash) {
    String sql = "INSERT INTO users (user_id, email, password_hash, display_name, subscription) VALUES (?, ?, ?, ?, ?)";
    try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, userId);
      st.setString(2, user.email());
      st.setString(3, passwordHash);
      st.setString(4, user.displayName());
      st.setString(5, user.subscription());
      st.executeUpdate();
      return new User(userId, user.email(), user.displayName(), user.subscription());
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("users_email_unique")) {
        throw ApiProblem.conflict("email-taken", "Email taken", "an account with this email address already exists");
      }
      throw new IllegalStateException("inserting a user failed", e);
    }
  }

  public Optional<Credentials> findCredentials(String email) {
    String sql = "SELECT user_id, password_hash, subscription, roles FROM users WHERE lower(email) = lower(?)";
    try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, email);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next()
            ? Optional.of(new Credentials(rs.getString(1), rs.getString(2), rs.getString(3), roles(rs.getArray(4))))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading a user's credentials failed", e);
    }
  }

  private static Set<String> roles(Array array) throws SQLException {
    return array == null ? Set.of() : Set.of((String[]) array.getArray());
  }
}
