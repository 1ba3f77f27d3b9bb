package io.harmonia.system;

import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.api.admin.AccountAdmin;
import io.harmonia.clients.PostgresClients;
import io.harmonia.config.HarmoniaConfig;
import java.sql.SQLException;

/**
 * The operator's changes to accounts, as {@code bin/platform admin} makes them (the same code,
 * straight to the platform's PostgreSQL): what the tests need that a listener cannot do.
 */
public final class Operator {

  private static HikariDataSource db;

  private Operator() {}

  private static synchronized AccountAdmin.Accounts accounts() {
    if (db == null) {
      db = PostgresClients.dataSource(HarmoniaConfig.fromEnvironment(), "system-tests-operator", 2);
    }
    return new AccountAdmin.Accounts(db, "system test set-up");
  }

  public static void setTier(String userId, String tier) {
    try {
      accounts().setTier(userId, tier, "system-tests");
    } catch (SQLException e) {
      throw new IllegalStateException("setting " + userId + "'s tier failed", e);
    }
  }

  public static void grantRole(String userId, String role) {
    try {
      accounts().changeRole(userId, role, true, "system-tests");
    } catch (SQLException e) {
      throw new IllegalStateException("granting " + role + " to " + userId + " failed", e);
    }
  }
}
