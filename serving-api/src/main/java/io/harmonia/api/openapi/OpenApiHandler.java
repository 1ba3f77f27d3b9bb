package io.harmonia.api.openapi;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/v1/openapi.json}: the API's OpenAPI 3.1 document, written by hand next to the
 * routes ({@code src/main/resources/openapi.json}). {@code OpenApiDocumentIT} fails when a route is
 * registered without being documented, or documented without being registered.
 */
public final class OpenApiHandler {

  public static final String RESOURCE = "/openapi.json";

  private final byte[] document;

  public OpenApiHandler() {
    this.document = load();
  }

  public static byte[] load() {
    try (InputStream in = OpenApiHandler.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void get(Context ctx) {
    ctx.contentType("application/json").result(document);
  }
}
