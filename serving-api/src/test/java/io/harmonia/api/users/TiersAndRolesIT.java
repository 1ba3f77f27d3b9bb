package io.harmonia.api.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.api.admin.AccountAdmin;
import io.harmonia.api.testing.ApiUnderTest;
import io.harmonia.api.testing.ApiUnderTest.Account;
import io.harmonia.api.testing.ApiUnderTest.Response;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tiers and roles are the server's: sign-up cannot choose them, /play enforces them, an operator changes them. */
class TiersAndRolesIT {

  static ApiUnderTest api;
  static String song;

  @BeforeAll
  static void start() {
    api = new ApiUnderTest();
    String artist = api.catalog.artist("Nina Simone");
    String album = api.catalog.album(artist, "Pastel Blues", 1965);
    song = api.catalog.song(artist, album, "Sinnerman", 1, 620_000, 128, 256, 320);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void signingUpAsPremiumIsRefusedAndStoresNothing() {
    String email = "tier-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

    Response refused = api.postJson("/api/v1/users",
        Map.of("email", email, "password", "long enough", "display_name", "Chancer", "subscription", "PREMIUM"), null);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("detail").asText()).contains("subscription cannot be chosen");
    assertThat(api.postJson("/api/v1/auth/token", Map.of("email", email, "password", "long enough"), null).status())
        .isEqualTo(401);
    Response created = api.postJson("/api/v1/users",
        Map.of("email", email, "password", "long enough", "display_name", "Chancer"), null);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("subscription").asText()).isEqualTo("FREE");
  }

  @Test
  void aFreeListenerIsCappedWhateverTheNetworkHintSays() {
    Account free = api.newAccount("FREE");

    JsonNode answer = play(free.token(), "high").json();

    assertThat(answer.get("bitrate").asInt()).isEqualTo(128);
    assertThat(answer.get("max_bitrate").asInt()).isEqualTo(128);
    assertThat(bitrates(answer)).containsExactly(128);
    assertThat(answer.get("stream_url").asText()).contains("/128.");
  }

  @Test
  void setTierTakesEffectOnTheNextTokenAndLeavesAnAuditRow() throws Exception {
    Account listener = api.newAccount("FREE");
    AccountAdmin.Accounts operator = new AccountAdmin.Accounts(api.db, "support ticket 42");

    String said = operator.setTier(listener.userId(), "PREMIUM", "ops@harmonia");

    assertThat(said).contains("FREE -> PREMIUM");
    // the token issued before the change keeps its tier until it expires
    assertThat(api.get("/api/v1/me", listener.token()).json().get("subscription").asText()).isEqualTo("FREE");
    assertThat(play(listener.token(), "high").json().get("bitrate").asInt()).isEqualTo(128);
    String fresh = token(listener);
    assertThat(api.get("/api/v1/me", fresh).json().get("subscription").asText()).isEqualTo("PREMIUM");
    JsonNode premium = play(fresh, "high").json();
    assertThat(premium.get("bitrate").asInt()).isEqualTo(320);
    assertThat(bitrates(premium)).containsExactly(128, 256, 320);
    assertThat(play(fresh, "medium").json().get("bitrate").asInt()).isEqualTo(256);

    assertThat(operator.setTier(listener.userId(), "PREMIUM", "ops@harmonia")).contains("nothing changed");
    assertThat(audit(listener.userId())).containsExactly("ops@harmonia subscription FREE->PREMIUM support ticket 42");
  }

  @Test
  void rolesAreGrantedByTheOperatorAndCarriedByTheNextToken() throws Exception {
    Account account = api.newAccount("FREE");
    assertThat(api.get("/api/v1/me", account.token()).json().get("roles")).isEmpty();

    new AccountAdmin.Accounts(api.db, null).changeRole(account.userId(), "ROYALTY", true, "ops@harmonia");

    assertThat(api.get("/api/v1/me", account.token()).json().get("roles")).isEmpty();
    assertThat(api.get("/api/v1/me", token(account)).json().get("roles").toString()).isEqualTo("[\"ROYALTY\"]");
    assertThat(audit(account.userId())).containsExactly("ops@harmonia role null->ROYALTY null");
  }

  @Test
  void noRouteOfTheApiChangesATierOrARole() {
    Account listener = api.newAccount("FREE");
    String body = "{\"subscription\":\"PREMIUM\",\"roles\":[\"ROYALTY\"]}";
    for (String path : List.of("/api/v1/me", "/api/v1/users/" + listener.userId(), "/api/v1/admin/users/" + listener.userId())) {
      for (String method : List.of("PUT", "PATCH", "POST")) {
        Response r = api.send(api.request(path, listener.token()).header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body)));
        assertThat(r.status()).as(method + " " + path).isIn(404, 405);
      }
    }
    assertThat(api.get("/api/v1/me", token(listener)).json().get("subscription").asText()).isEqualTo("FREE");
  }

  private static Response play(String token, String quality) {
    return api.send(api.request("/api/v1/songs/" + song + "/play", token).header("X-Network-Quality", quality)
        .POST(HttpRequest.BodyPublishers.noBody()));
  }

  private static List<Integer> bitrates(JsonNode answer) {
    List<Integer> bitrates = new ArrayList<>();
    answer.get("renditions").forEach(r -> bitrates.add(r.get("bitrate").asInt()));
    return bitrates;
  }

  private static String token(Account account) {
    return api.postJson("/api/v1/auth/token", Map.of("email", account.email(), "password", account.password()), null)
        .json().get("access_token").asText();
  }

  private static List<String> audit(String userId) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = api.db.getConnection(); PreparedStatement st = c.prepareStatement(
        "SELECT changed_by, what, from_value, to_value, reason, changed_at FROM account_changes WHERE user_id = ? ORDER BY change_id")) {
      st.setString(1, userId);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          assertThat(rs.getTimestamp(6)).isNotNull();
          rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + "->" + rs.getString(4) + " " + rs.getString(5));
        }
      }
    }
    return rows;
  }
}
