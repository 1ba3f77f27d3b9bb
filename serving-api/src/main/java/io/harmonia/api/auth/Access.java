package io.harmonia.api.auth;

import io.javalin.security.RouteRole;
import java.util.EnumSet;
import java.util.Set;

/**
 * Route roles. Every route requires a bearer token unless the routes declaration marks it
 * {@link #PUBLIC}; a route that forgets a role is protected, not open. A route declared with an
 * operator-assigned role ({@link #ROYALTY}, {@link #CATALOG}) also requires the token to carry it
 * (403 otherwise). The role names are those of {@code users.roles}.
 */
public enum Access implements RouteRole {
  PUBLIC,
  /** The royalty team: royalty exports and their download links. */
  ROYALTY,
  /** The catalog team: catalog editing. */
  CATALOG;

  /** The roles an operator can grant. */
  public static final Set<Access> GRANTABLE = EnumSet.of(ROYALTY, CATALOG);
}
