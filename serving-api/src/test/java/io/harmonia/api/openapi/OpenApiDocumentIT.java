package io.harmonia.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harmonia.api.testing.ApiUnderTest;
import io.harmonia.api.testing.ApiUnderTest.Response;
import io.javalin.router.ParsedEndpoint;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes exactly the routes the app registers: no more, no fewer. */
class OpenApiDocumentIT {

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
  void theDocumentListsExactlyTheRegisteredRoutes() {
    Response r = api.get("/api/v1/openapi.json", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/json");
    JsonNode document = r.json();
    assertThat(document.get("openapi").asText()).startsWith("3.1");

    assertThat(documented(document))
        .as("paths in src/main/resources/openapi.json vs the routes HarmoniaApi.routes registers")
        .isEqualTo(registered());
  }

  @Test
  void publicRoutesAreExactlyTheOnesTheDocumentMarksWithoutSecurity() {
    JsonNode document = api.get("/api/v1/openapi.json", null).json();
    Set<String> openInDocument = new TreeSet<>();
    forEachOperation(document, (route, operation) -> {
      JsonNode security = operation.get("security");
      if (security != null && security.isArray() && security.isEmpty()) {
        openInDocument.add(route);
      }
    });
    Set<String> openInApp = new TreeSet<>();
    for (String route : registered()) {
      String[] methodAndPath = route.split(" ", 2);
      if (!methodAndPath[1].contains("{")) {
        Response anonymous = methodAndPath[0].equals("GET") ? api.get(methodAndPath[1], null)
            : api.postJson(methodAndPath[1], "{}", null);
        if (anonymous.status() != 401) {
          openInApp.add(route);
        }
      }
    }
    assertThat(openInApp).isEqualTo(openInDocument);
  }

  private static Set<String> registered() {
    Set<String> routes = new TreeSet<>();
    for (ParsedEndpoint parsed : api.app.unsafe.internalRouter.allHttpHandlers()) {
      if (parsed.endpoint.method.isHttpMethod()) {
        routes.add(parsed.endpoint.method.name() + " " + parsed.endpoint.path);
      }
    }
    return routes;
  }

  private static Set<String> documented(JsonNode document) {
    Set<String> routes = new TreeSet<>();
    forEachOperation(document, (route, operation) -> routes.add(route));
    return routes;
  }

  private static void forEachOperation(JsonNode document, java.util.function.BiConsumer<String, JsonNode> action) {
    Set<String> methods = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        if (methods.contains(op.getKey())) {
          action.accept(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), op.getValue());
        }
      }
    }
  }
}
