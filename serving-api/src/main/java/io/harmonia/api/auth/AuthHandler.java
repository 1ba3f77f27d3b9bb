package io.harmonia.api.auth;

import io.harmonia.api.http.ApiProblem;
import io.harmonia.api.http.JsonBodies;
import io.harmonia.api.users.UserRepository;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * {@code POST /api/v1/auth/token}: email and password for a bearer token. A wrong password and an
 * unknown email get the same answer after the same work (a hash is verified either way), so the
 * response tells nobody which accounts exist.
 */
public final class AuthHandler {

  private final UserRepository users;
  private final PasswordHasher passwords;
  private final AccessTokens tokens;
  private final JsonBodies bodies;
  private final String unknownUserHash;

  public AuthHandler(UserRepository users, PasswordHasher passwords, AccessTokens tokens, JsonBodies bodies) {
    this.users = users;
    this.passwords = passwords;
    this.tokens = tokens;
    this.bodies = bodies;
    this.unknownUserHash = passwords.hash("no account has this password " + System.nanoTime());
  }

  public record TokenRequest(String email, String password) {}

  public record TokenResponse(String accessToken, String tokenType, long expiresIn) {}

  public void issueToken(Context ctx) {
    TokenRequest request = bodies.read(ctx, TokenRequest.class);
    if (request.email() == null || request.password() == null) {
      throw ApiProblem.badRequest("email and password are required");
    }
    if (request.email().length() > 254 || request.password().length() > 1024) {
      throw ApiProblem.unauthorized("invalid email or password");
    }
    Optional<UserRepository.Credentials> account = users.findCredentials(request.email().trim());
    boolean matches = passwords.verify(request.password(), account.map(UserRepository.Credentials::passwordHash).orElse(unknownUserHash));
    if (account.isEmpty() || !matches) {
      throw ApiProblem.unauthorized("invalid email or password");
    }
    AccessTokens.Issued issued = tokens.issue(account.get().userId(), account.get().subscription(),
        account.get().roles());
    ctx.header("Cache-Control", "no-store");
    ctx.json(new TokenResponse(issued.token(), "Bearer", issued.expiresInSeconds()));
  }
}
