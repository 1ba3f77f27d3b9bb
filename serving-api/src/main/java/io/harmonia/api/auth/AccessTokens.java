package io.harmonia.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.api.http.ApiProblem;
import io.harmonia.api.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Signed, expiring access tokens: compact JWTs (RFC 7519) with HS256 only. {@code sub} is the
 * user id, {@code tier} the subscription, {@code iat}/{@code exp} in Unix seconds. Verification
 * accepts nothing but the exact algorithm this class signs with (no {@code alg: none}, no key
 * confusion), compares the signature in constant time, and then checks the expiry.
 */
public final class AccessTokens {

  private static final String ISSUER = "harmonia";
  private static final String HEADER = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
  private static final int MAX_TOKEN_LENGTH = 4096;
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final Duration lifetime;
  private final Clock clock;
  private final HmacSha256 hmac;

  public AccessTokens(String secret, Duration lifetime, Clock clock) {
    if (secret.length() < 32) {
      throw new IllegalArgumentException("HARMONIA_JWT_SECRET must be at least 32 characters");
    }
    this.lifetime = lifetime;
    this.clock = clock;
    this.hmac = new HmacSha256(secret.getBytes(StandardCharsets.UTF_8));
  }

  public record Issued(String token, long expiresInSeconds) {}

  public Issued issue(String userId, String subscription, Set<String> roles) {
    long now = clock.instant().getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", ISSUER);
    claims.put("sub", userId);
    claims.put("tier", subscription);
    if (!roles.isEmpty()) {
      claims.put("roles", new TreeSet<>(roles));
    }
    claims.put("iat", now);
    claims.put("exp", now + lifetime.toSeconds());
    String signingInput = HEADER + "." + b64(Json.write(claims).getBytes(StandardCharsets.UTF_8));
    return new Issued(signingInput + "." + b64(sign(signingInput)), lifetime.toSeconds());
  }

  /** The principal of a valid token; a 401 problem saying what is wrong otherwise. */
  public Principal verify(String token) {
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw invalid("the bearer token is malformed");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw invalid("the bearer token is malformed");
    }
    if (!"HS256".equals(decodeJsonObject(parts[0]).path("alg").asText())) {
      throw invalid("the bearer token is not signed with HS256, the only algorithm this service accepts");
    }
    byte[] signature;
    try {
      signature = B64D.decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw invalid("the bearer token is malformed");
    }
    if (!MessageDigest.isEqual(signature, sign(parts[0] + "." + parts[1]))) {
      throw invalid("the bearer token's signature is invalid");
    }
    JsonNode claims = decodeJsonObject(parts[1]);
    long exp = claims.path("exp").asLong(0);
    String sub = claims.path("sub").asText("");
    if (!ISSUER.equals(claims.path("iss").asText()) || sub.isEmpty() || exp == 0) {
      throw invalid("the bearer token lacks the claims this service issues");
    }
    if (clock.instant().getEpochSecond() >= exp) {
      throw invalid("the bearer token has expired; request a new one at POST /api/v1/auth/token");
    }
    Set<String> roles = new TreeSet<>();
    claims.path("roles").forEach(role -> roles.add(role.asText()));
    return new Principal(sub, claims.path("tier").asText(null), roles, Instant.ofEpochSecond(exp));
  }

  private static JsonNode decodeJsonObject(String encoded) {
    try {
      JsonNode node = Json.MAPPER.readTree(B64D.decode(encoded));
      if (node == null || !node.isObject()) {
        throw invalid("the bearer token is malformed");
      }
      return node;
    } catch (IOException | IllegalArgumentException e) {
      throw invalid("the bearer token is malformed");
    }
  }

  private static ApiProblem invalid(String detail) {
    return new ApiProblem(401, "invalid-token", "Unauthorized", detail);
  }

  private byte[] sign(String signingInput) {
    return hmac.mac(signingInput.getBytes(StandardCharsets.US_ASCII));
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
