package io.harmonia.api.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.api.auth.AccessTokens;
import io.harmonia.api.testing.ApiUnderTest;
import io.harmonia.api.testing.ApiUnderTest.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UsersAndTokensIT {

  static ApiUnderTest api;

  @BeforeAll
  static void start() {
    api = new ApiUnderTest();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private static String uniqueEmail() {
    return "Ada." + UUID.randomUUID().toString().substring(0, 8) + "@Example.com";
  }

  private static Map<String, Object> newUser(String email, String password) {
    return Map.of("email", email, "password", password, "display_name", "Ada Lovelace");
  }

  @Test
  void signUpAnswers201WithTheAccountAndStoresOnlyAnArgon2Hash() throws Exception {
    String email = uniqueEmail();
    Response created = api.postJson("/api/v1/users", newUser(email, "correct horse battery"), null);

    assertThat(created.status()).isEqualTo(201);
    JsonNode user = created.json();
    assertThat(user.get("user_id").asText()).matches("u-[A-Za-z0-9_-]{16}");
    assertThat(user.get("email").asText()).isEqualTo(email);
    assertThat(user.get("display_name").asText()).isEqualTo("Ada Lovelace");
    assertThat(user.get("subscription").asText()).isEqualTo("FREE");
    assertThat(user.has("password")).isFalse();
    assertThat(user.has("password_hash")).isFalse();

    try (Connection c = api.db.getConnection();
        PreparedStatement st = c.prepareStatement("SELECT password_hash FROM users WHERE user_id = ?")) {
      st.setString(1, user.get("user_id").asText());
      try (ResultSet rs = st.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).startsWith("$argon2id$v=19$").doesNotContain("correct horse battery");
      }
    }
  }

  @Test
  void aTakenEmailIs409WhateverItsCase() {
    String email = uniqueEmail();
    assertThat(api.postJson("/api/v1/users", newUser(email, "password-1"), null).status()).isEqualTo(201);

    Response again = api.postJson("/api/v1/users", newUser(email.toUpperCase(), "password-2"), null);

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.contentType()).startsWith("application/problem+json");
    assertThat(again.json().get("type").asText()).isEqualTo("urn:harmonia:problem:email-taken");
    assertThat(again.json().get("detail").asText()).contains("already exists");
  }

  @Test
  void invalidSignUpsAre400WithEveryProblemNamed() {
    Response bad = api.postJson("/api/v1/users",
        Map.of("email", "not-an-email", "password", "short", "display_name", "", "subscription", "GOLD"), null);

    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("detail").asText())
        .contains("email must be an address", "password must be 8", "display_name is required", "subscription cannot be chosen");
  }

  @Test
  void aTokenIsIssuedForTheRightPasswordWhateverTheEmailCase() {
    String email = uniqueEmail();
    api.postJson("/api/v1/users", newUser(email, "right password"), null);

    Response token = api.postJson("/api/v1/auth/token", Map.of("email", email.toLowerCase(), "password", "right password"), null);

    assertThat(token.status()).isEqualTo(200);
    assertThat(token.json().get("token_type").asText()).isEqualTo("Bearer");
    assertThat(token.json().get("expires_in").asLong()).isEqualTo(api.settings.tokenLifetime().toSeconds());
    assertThat(token.json().get("access_token").asText()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
    assertThat(token.header("Cache-Control")).isEqualTo("no-store");

    Response me = api.get("/api/v1/me", token.json().get("access_token").asText());
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().get("subscription").asText()).isEqualTo("FREE");
    assertThat(me.json().get("user_id").asText()).startsWith("u-");
  }

  @Test
  void aWrongPasswordAndAnUnknownEmailGetTheSame401() {
    String email = uniqueEmail();
    api.postJson("/api/v1/users", newUser(email, "right password"), null);

    Response wrongPassword = api.postJson("/api/v1/auth/token", Map.of("email", email, "password", "wrong password"), null);
    Response unknownEmail = api.postJson("/api/v1/auth/token", Map.of("email", "nobody-" + email, "password", "right password"), null);

    for (Response r : new Response[] {wrongPassword, unknownEmail}) {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.json().get("detail").asText()).isEqualTo("invalid email or password");
    }
    assertThat(wrongPassword.json().get("type")).isEqualTo(unknownEmail.json().get("type"));
  }

  @Test
  void protectedRoutesAre401WithoutAValidToken() {
    String valid = api.newAccount("FREE").token();
    assertThat(api.get("/api/v1/me", valid).status()).isEqualTo(200);

    Response none = api.get("/api/v1/me", null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(none.json().get("detail").asText()).contains("Authorization: Bearer");

    Response basic = api.send(api.request("/api/v1/me", null).header("Authorization", "Basic dXNlcjpwYXNz").GET());
    assertThat(basic.status()).isEqualTo(401);

    Response garbage = api.get("/api/v1/me", "not.a.token");
    assertThat(garbage.status()).isEqualTo(401);
    assertThat(garbage.header("WWW-Authenticate")).contains("invalid_token");

    String tampered = valid.substring(0, valid.length() - 2) + (valid.endsWith("A") ? "BB" : "AA");
    assertThat(api.get("/api/v1/me", tampered).status()).isEqualTo(401);
  }

  @Test
  void anExpiredTokenIs401() {
    String userId = api.newAccount("FREE").userId();
    AccessTokens issuedTwoHoursAgo = new AccessTokens(api.settings.jwtSecret(), Duration.ofHours(1),
        Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC));

    Response expired = api.get("/api/v1/me", issuedTwoHoursAgo.issue(userId, "FREE", java.util.Set.of()).token());

    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.json().get("detail").asText()).contains("expired");
  }
}
