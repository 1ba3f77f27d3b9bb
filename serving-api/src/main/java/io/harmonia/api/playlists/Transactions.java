package io.harmonia.api.playlists;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** One unit of work on one connection: committed when it returns, rolled back when it throws. */
final class Transactions {

  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private Transactions() {}

  static <T> T inTransaction(DataSource db, Work<T> work) {
    try (Connection c = db.getConnection()) {
      return committed(c, work);
    } catch (SQLException e) {
      throw new IllegalStateException("a playlist transaction failed (SQL state " + e.getSQLState() + ")", e);
    }
  }

  /** A consistent read-only snapshot: every statement sees the database as of the first one. */
  static <T> T inSnapshot(DataSource db, Work<T> work) {
    try (Connection c = db.getConnection()) {
      c.setReadOnly(true);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      return committed(c, work);
    } catch (SQLException e) {
      throw new IllegalStateException("reading a playlist failed (SQL state " + e.getSQLState() + ")", e);
    }
  }

  private static <T> T committed(Connection c, Work<T> work) throws SQLException {
    c.setAutoCommit(false);
    try {
      T result = work.run(c);
      c.commit();
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      rollback(c, e);
      throw e;
    }
  }

  private static void rollback(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
