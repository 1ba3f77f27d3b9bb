package io.harmonia.api.player;

import static org.assertj.core.api.Assertions.assertThat;

import io.harmonia.api.testing.ApiUnderTest;
import io.harmonia.api.testing.ApiUnderTest.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web player (module web-player) is served at / without a token, its modules as JavaScript; the API's
 * own routes and refusals are untouched. The player itself is tested in Chromium (infra/tests/player.sh).
 */
class PlayerStaticFilesIT {

  static ApiUnderTest api;

  @BeforeAll
  static void start() {
    api = new ApiUnderTest();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void thePlayerIsServedAtTheRootWithoutAToken() {
    Response page = api.get("/", null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body()).contains("js/main.js").contains("data-testid=\"now-bitrate\"");

    Response module = api.get("/js/player/engine.js", null);
    assertThat(module.status()).isEqualTo(200);
    assertThat(module.contentType()).contains("javascript");
  }

  @Test
  void theApiIsUntouched() {
    Response unknown = api.get("/api/v1/no-such-route", null);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.contentType()).startsWith("application/problem+json");

    Response protectedRoute = api.get("/api/v1/me", null);
    assertThat(protectedRoute.status()).isEqualTo(401);

    Response missingFile = api.get("/js/no-such-module.js", null);
    assertThat(missingFile.status()).isEqualTo(404);
    assertThat(missingFile.contentType()).startsWith("application/problem+json");
  }
}
