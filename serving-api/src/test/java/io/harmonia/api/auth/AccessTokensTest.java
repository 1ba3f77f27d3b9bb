package io.harmonia.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.harmonia.api.http.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AccessTokensTest {

  private static final String SECRET = "0123456789abcdef0123456789abcdef";
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  private final AccessTokens tokens = tokensAt(NOW);

  private static AccessTokens tokensAt(Instant now) {
    return new AccessTokens(SECRET, Duration.ofHours(1), Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void aTokenVerifiesToItsUserUntilItExpires() {
    AccessTokens.Issued issued = tokens.issue("u-1", "PREMIUM", java.util.Set.of());

    assertThat(issued.expiresInSeconds()).isEqualTo(3600);
    Principal principal = tokens.verify(issued.token());
    assertThat(principal.userId()).isEqualTo("u-1");
    assertThat(principal.subscription()).isEqualTo("PREMIUM");
    assertThat(principal.tokenExpiresAt()).isEqualTo(NOW.plusSeconds(3600));
    assertThat(tokensAt(NOW.plusSeconds(3599)).verify(issued.token()).userId()).isEqualTo("u-1");
  }

  @Test
  void anExpiredTokenIsRefused() {
    String token = tokens.issue("u-1", "FREE", java.util.Set.of()).token();
    assertUnauthorized(() -> tokensAt(NOW.plusSeconds(3600)).verify(token), "expired");
  }

  @Test
  void aTokenIsAStandardHs256Jwt() {
    String[] parts = tokens.issue("u-1", "FREE", java.util.Set.of()).token().split("\\.");
    assertThat(parts).hasSize(3);
    assertThat(decode(parts[0])).contains("\"alg\":\"HS256\"");
    assertThat(decode(parts[1])).contains("\"sub\":\"u-1\"", "\"exp\":" + NOW.plusSeconds(3600).getEpochSecond());
  }

  @Test
  void aTamperedPayloadIsRefused() {
    String[] parts = tokens.issue("u-1", "FREE", java.util.Set.of()).token().split("\\.");
    String forged = encode(decode(parts[1]).replace("u-1", "u-2"));
    assertUnauthorized(() -> tokens.verify(parts[0] + "." + forged + "." + parts[2]), "signature");
  }

  @Test
  void aTokenSignedWithAnotherSecretIsRefused() {
    AccessTokens other = new AccessTokens("another-secret-another-secret-xx", Duration.ofHours(1),
        Clock.fixed(NOW, ZoneOffset.UTC));
    assertUnauthorized(() -> tokens.verify(other.issue("u-1", "FREE", java.util.Set.of()).token()), "signature");
  }

  @Test
  void unsignedTokensAreRefused() {
    String[] parts = tokens.issue("u-1", "FREE", java.util.Set.of()).token().split("\\.");
    String none = encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    assertUnauthorized(() -> tokens.verify(none + "." + parts[1] + "."), "HS256");
  }

  @Test
  void garbageIsRefused() {
    assertUnauthorized(() -> tokens.verify("not-a-token"), "malformed");
    assertUnauthorized(() -> tokens.verify("a.b.c"), "malformed");
    assertUnauthorized(() -> tokens.verify("x".repeat(5000)), "malformed");
  }

  @Test
  void aShortSecretIsAConfigurationError() {
    assertThatThrownBy(() -> new AccessTokens("short", Duration.ofHours(1), Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertUnauthorized(Runnable verify, String detailPart) {
    assertThatThrownBy(verify::run).isInstanceOfSatisfying(ApiProblem.class, p -> {
      assertThat(p.status()).isEqualTo(401);
      assertThat(p.detail()).contains(detailPart);
    });
  }

  private static String decode(String part) {
    return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
  }

  private static String encode(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
