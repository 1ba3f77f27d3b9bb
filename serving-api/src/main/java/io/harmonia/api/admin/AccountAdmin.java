package io.harmonia.api.admin;

import com.zaxxer.hikari.HikariDataSource;
import io.harmonia.api.auth.Access;
import io.harmonia.clients.PostgresClients;
import io.harmonia.config.HarmoniaConfig;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The operator's path to what a listener must never set: the subscription tier and the roles
 * ({@code bin/platform admin ...}). It talks to PostgreSQL with the platform's own credentials, so
 * no bearer token reaches it; the API has no route that changes a tier or a role. Every change is
 * one transaction with its {@code account_changes} audit row (who, when, from, to); a change to
 * the value an account already has changes nothing and writes no row. Tokens issued afterwards
 * carry the new tier and roles; tokens issued before keep theirs until they expire.
 */
@Command(name = "bin/platform admin", mixinStandardHelpOptions = false, usageHelpAutoWidth = true,
    description = "Operator changes to accounts: subscription tiers and roles, with an audit trail.",
    subcommands = {AccountAdmin.SetTier.class, AccountAdmin.GrantRole.class, AccountAdmin.RevokeRole.class,
        AccountAdmin.Show.class})
public final class AccountAdmin implements Callable<Integer> {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this usage and exit")
  boolean help;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new AccountAdmin()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 2;
  }

  /** A user id ({@code u-...}) or an account's email address. */
  static final class Account {
    @Parameters(index = "0", paramLabel = "USER", description = "the account: its user id (u-...) or its email address")
    String account;
  }

  abstract static class Change implements Callable<Integer> {
    @CommandLine.Mixin
    Account who;

    @Option(names = "--by", paramLabel = "NAME", description = "who makes the change, for the audit row (default: the operating system user @ host)")
    String by;

    @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the audit row")
    String reason;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this usage and exit")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    abstract String apply(Accounts accounts, String userId, String changedBy) throws SQLException;

    @Override
    public Integer call() throws SQLException {
      HarmoniaConfig config = HarmoniaConfig.fromEnvironment();
      try (HikariDataSource db = PostgresClients.dataSource(config, "harmonia-admin", 1)) {
        Accounts accounts = new Accounts(db, reason);
        String userId = accounts.resolve(who.account);
        if (userId == null) {
          spec.commandLine().getErr().println("no account " + who.account);
          return 1;
        }
        spec.commandLine().getOut().println(apply(accounts, userId, by != null ? by : operator()));
        return 0;
      }
    }
  }

  @Command(name = "set-tier", description = "Set an account's subscription tier (the next token carries it).")
  static final class SetTier extends Change {
    @Parameters(index = "1", paramLabel = "TIER", description = "FREE or PREMIUM")
    Tier tier;

    @Override
    String apply(Accounts accounts, String userId, String changedBy) throws SQLException {
      return accounts.setTier(userId, tier.name(), changedBy);
    }
  }

  @Command(name = "grant-role", description = "Grant a role (ROYALTY or CATALOG) to an account.")
  static final class GrantRole extends Change {
    @Parameters(index = "1", paramLabel = "ROLE", description = "ROYALTY or CATALOG")
    Role role;

    @Override
    String apply(Accounts accounts, String userId, String changedBy) throws SQLException {
      return accounts.changeRole(userId, role.name(), true, changedBy);
    }
  }

  @Command(name = "revoke-role", description = "Take a role (ROYALTY or CATALOG) from an account.")
  static final class RevokeRole extends Change {
    @Parameters(index = "1", paramLabel = "ROLE", description = "ROYALTY or CATALOG")
    Role role;

    @Override
    String apply(Accounts accounts, String userId, String changedBy) throws SQLException {
      return accounts.changeRole(userId, role.name(), false, changedBy);
    }
  }

  @Command(name = "show", description = "An account's tier, roles and change history.")
  static final class Show implements Callable<Integer> {
    @CommandLine.Mixin
    Account who;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this usage and exit")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws SQLException {
      try (HikariDataSource db = PostgresClients.dataSource(HarmoniaConfig.fromEnvironment(), "harmonia-admin", 1)) {
        Accounts accounts = new Accounts(db, null);
        String userId = accounts.resolve(who.account);
        if (userId == null) {
          spec.commandLine().getErr().println("no account " + who.account);
          return 1;
        }
        accounts.show(userId, spec.commandLine().getOut());
        return 0;
      }
    }
  }

  enum Tier { FREE, PREMIUM }

  enum Role { ROYALTY, CATALOG }

  static {
    // The roles an operator grants are exactly the API's grantable route roles.
    Set<String> routeRoles = new TreeSet<>();
    Access.GRANTABLE.forEach(r -> routeRoles.add(r.name()));
    Set<String> here = new TreeSet<>();
    Arrays.stream(Role.values()).forEach(r -> here.add(r.name()));
    if (!routeRoles.equals(here)) {
      throw new IllegalStateException("admin roles " + here + " differ from the API's " + routeRoles);
    }
  }

  private static String operator() {
    String user = System.getProperty("user.name", "operator");
    try {
      return user + "@" + InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return user;
    }
  }

  /** The account changes, each one transaction with its audit row. */
  public static final class Accounts {
    private final DataSource db;
    private final String reason;

    public Accounts(DataSource db, String reason) {
      this.db = db;
      this.reason = reason;
    }

    public String resolve(String account) throws SQLException {
      String sql = account.contains("@")
          ? "SELECT user_id FROM users WHERE lower(email) = lower(?)"
          : "SELECT user_id FROM users WHERE user_id = ?";
      try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
        st.setString(1, account.trim());
        try (ResultSet rs = st.executeQuery()) {
          return rs.next() ? rs.getString(1) : null;
        }
      }
    }

    public String setTier(String userId, String tier, String changedBy) throws SQLException {
      try (Connection c = db.getConnection()) {
        c.setAutoCommit(false);
        String from = lockedValue(c, userId, "subscription");
        if (from.equals(tier)) {
          c.rollback();
          return userId + " is already " + tier + " (nothing changed)";
        }
        try (PreparedStatement st = c.prepareStatement("UPDATE users SET subscription = ? WHERE user_id = ?")) {
          st.setString(1, tier);
          st.setString(2, userId);
          st.executeUpdate();
        }
        audit(c, userId, changedBy, "subscription", from, tier);
        c.commit();
        return userId + ": subscription " + from + " -> " + tier + " (effective for tokens issued from now on)";
      }
    }

    public String changeRole(String userId, String role, boolean grant, String changedBy) throws SQLException {
      try (Connection c = db.getConnection()) {
        c.setAutoCommit(false);
        Set<String> roles = roles(lockedArray(c, userId));
        String before = String.join(",", roles);
        boolean changed = grant ? roles.add(role) : roles.remove(role);
        if (!changed) {
          c.rollback();
          return userId + (grant ? " already has " : " does not have ") + role + " (nothing changed)";
        }
        try (PreparedStatement st = c.prepareStatement("UPDATE users SET roles = ? WHERE user_id = ?")) {
          st.setArray(1, c.createArrayOf("text", roles.toArray()));
          st.setString(2, userId);
          st.executeUpdate();
        }
        audit(c, userId, changedBy, "role", before.isEmpty() ? null : before, roles.isEmpty() ? null : String.join(",", roles));
        c.commit();
        return userId + ": roles [" + before + "] -> [" + String.join(",", roles) + "]"
            + " (effective for tokens issued from now on)";
      }
    }

    public void show(String userId, PrintWriter out) throws SQLException {
      try (Connection c = db.getConnection();
          PreparedStatement st = c.prepareStatement("SELECT email, subscription, roles FROM users WHERE user_id = ?")) {
        st.setString(1, userId);
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          out.printf(Locale.ROOT, "%s  %s  subscription %s  roles [%s]%n", userId, rs.getString(1), rs.getString(2),
              String.join(",", roles(rs.getArray(3))));
        }
      }
      try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(
          "SELECT changed_at, changed_by, what, from_value, to_value, reason FROM account_changes"
              + " WHERE user_id = ? ORDER BY change_id")) {
        st.setString(1, userId);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            out.printf(Locale.ROOT, "  %s  %s  %s: %s -> %s%s%n", rs.getTimestamp(1).toInstant(), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6) == null ? "" : "  (" + rs.getString(6) + ")");
          }
        }
      }
    }

    private static String lockedValue(Connection c, String userId, String column) throws SQLException {
      try (PreparedStatement st = c.prepareStatement("SELECT " + column + " FROM users WHERE user_id = ? FOR UPDATE")) {
        st.setString(1, userId);
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          return rs.getString(1);
        }
      }
    }

    private static Array lockedArray(Connection c, String userId) throws SQLException {
      try (PreparedStatement st = c.prepareStatement("SELECT roles FROM users WHERE user_id = ? FOR UPDATE")) {
        st.setString(1, userId);
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          return rs.getArray(1);
        }
      }
    }

    private static Set<String> roles(Array array) throws SQLException {
      Set<String> roles = new TreeSet<>();
      if (array != null) {
        roles.addAll(Arrays.asList((String[]) array.getArray()));
      }
      return roles;
    }

    private void audit(Connection c, String userId, String by, String what, String from, String to) throws SQLException {
      try (PreparedStatement st = c.prepareStatement("INSERT INTO account_changes"
          + " (user_id, changed_by, what, from_value, to_value, reason) VALUES (?, ?, ?, ?, ?, ?)")) {
        st.setString(1, userId);
        st.setString(2, by);
        st.setString(3, what);
        st.setString(4, from);
        st.setString(5, to);
        st.setString(6, reason);
        st.executeUpdate();
      }
    }
  }
}
