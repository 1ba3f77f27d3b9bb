package io.harmonia.api.users;

import io.harmonia.api.auth.BearerAuth;
import io.harmonia.api.auth.PasswordHasher;
import io.harmonia.api.auth.Principal;
import io.harmonia.api.http.JsonBodies;
import io.javalin.http.Context;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.Base64;

/** {@code POST /api/v1/users} (sign up) and {@code GET /api/v1/me} (who the token speaks for). */
public final class UserHandler {

  private final UserRepository users;
  private final PasswordHasher passwords;
  private final JsonBodies bodies;
  private final SecureRandom random = new SecureRandom();

  public UserHandler(UserRepository users, PasswordHasher passwords, JsonBodies bodies) {
    this.users = users;
    this.passwords = passwords;
    this.bodies = bodies;
  }

  public void create(Context ctx) {
    NewUserRequest request = bodies.read(ctx, NewUserRequest.class).validated();
    User user = users.insert(newUserId(), request, passwords.hash(request.password()));
    ctx.status(201).json(user);
  }

  public record Me(String userId, String subscription, Set<String> roles, Instant tokenExpiresAt) {}

  public void me(Context ctx) {
    Principal principal = BearerAuth.principal(ctx);
    ctx.json(new Me(principal.userId(), principal.subscription(), new TreeSet<>(principal.roles()),
        principal.tokenExpiresAt()));
  }

  /** {@code u-} and 96 random bits, URL-safe: opaque, unguessable, fine in a signed URL's query. */
  private String newUserId() {
    byte[] bytes = new byte[12];
    random.nextBytes(bytes);
    return "u-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
