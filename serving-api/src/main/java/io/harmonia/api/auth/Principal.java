package io.harmonia.api.auth;

import java.time.Instant;
import java.util.Set;

/**
 * Who a valid bearer token speaks for, as the token says it (no database read per request): the
 * user, the subscription tier and the operator-assigned roles the account had when the token was
 * issued. Neither tier nor roles come from the client: sign-up makes FREE accounts without roles,
 * and only an operator ({@code bin/platform admin}) changes them.
 */
public record Principal(String userId, String subscription, Set<String> roles, Instant tokenExpiresAt) {

  public Principal {
    roles = Set.copyOf(roles);
  }

  public boolean hasRole(Access role) {
    return roles.contains(role.name());
  }
}
