package io.harmonia.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemTest {

  @Test
  void extensionMembersFollowTheStandardOnes() {
    ApiProblem conflict = new ApiProblem(409, "version-conflict", "Version conflict", "stale").with("current_version", 7L);
    assertThat(Json.write(Problem.of(conflict, "/api/v1/playlists/p-1"))).isEqualTo(
        "{\"type\":\"urn:harmonia:problem:version-conflict\",\"title\":\"Version conflict\",\"status\":409,"
            + "\"detail\":\"stale\",\"instance\":\"/api/v1/playlists/p-1\",\"current_version\":7}");
  }

  @Test
  void aProblemWithoutExtensionsHasTheFiveMembers() {
    assertThat(Json.write(Problem.of(ApiProblem.badRequest("bad"), "/x"))).isEqualTo(
        "{\"type\":\"urn:harmonia:problem:invalid-request\",\"title\":\"Invalid request\",\"status\":400,"
            + "\"detail\":\"bad\",\"instance\":\"/x\"}");
  }
}
