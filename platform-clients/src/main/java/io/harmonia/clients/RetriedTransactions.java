package io.harmonia.clients;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A unit of work in one PostgreSQL transaction, run again from scratch when the server aborts it
 * for a deadlock ({@code 40P01}) or a serialization failure ({@code 40001}): two writers touching
 * the same rows in different orders may deadlock, and the loser must retry. Committed when the work
 * returns, rolled back when it throws; any other error is thrown at once.
 */
public final class RetriedTransactions {

  private static final Logger LOG = LoggerFactory.getLogger(RetriedTransactions.class);

  /** The work; it may run more than once, so it must not have effects outside the transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private RetriedTransactions() {}

  /** Runs the work, at most {@code attempts} times; {@code what} names it in the retry log line. */
  public static <T> T run(DataSource db, int attempts, String what, Work<T> work) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = db.getConnection()) {
        c.setAutoCommit(false);
        try {
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      } catch (SQLException e) {
        if (!isTransient(e) || attempt >= attempts) {
          throw e;
        }
        LOG.warn("{}: attempt {} failed ({}); retrying", what, attempt, e.getMessage());
      }
    }
  }

  static boolean isTransient(SQLException e) {
    return "40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState());
  }
}
