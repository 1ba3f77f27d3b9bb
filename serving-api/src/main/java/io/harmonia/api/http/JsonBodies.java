package io.harmonia.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads a request's JSON body into a record, or throws the problem that says why it can't:
 * 415 for a body that is not declared JSON, 413 past the size limit, 400 for malformed JSON,
 * unknown fields or wrongly typed values. Handlers then validate the values themselves.
 */
public final class JsonBodies {

  private final long maxBytes;

  public JsonBodies(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  public <T> T read(Context ctx, Class<T> type) {
    requireJsonContentType(ctx.contentType());
    byte[] body = readBounded(ctx);
    if (body.length == 0) {
      throw ApiProblem.badRequest("a JSON object is required as the request body");
    }
    T value;
    try {
      value = Json.MAPPER.readValue(body, type);
    } catch (JsonProcessingException e) {
      throw ApiProblem.badRequest(describe(e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (value == null) {
      throw ApiProblem.badRequest("the request body must be a JSON object, not null");
    }
    return value;
  }

  static void requireJsonContentType(String contentType) {
    String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json") && !(mediaType.startsWith("application/") && mediaType.endsWith("+json"))) {
      throw ApiProblem.unsupportedMediaType("this endpoint accepts Content-Type: application/json, got "
          + (contentType == null ? "none" : "'" + contentType + "'"));
    }
  }

  /** Reads at most the limit, so that a chunked body without Content-Length is bounded too. */
  private byte[] readBounded(Context ctx) {
    if (ctx.req().getContentLengthLong() > maxBytes) {
      throw ApiProblem.contentTooLarge(maxBytes);
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 1, maxBytes + 1));
      if (body.length > maxBytes) {
        throw ApiProblem.contentTooLarge(maxBytes);
      }
      return body;
    } catch (IOException e) {
      throw ApiProblem.badRequest("the request body could not be read: " + e.getMessage());
    }
  }

  /** A detail for the client that names the field and the expectation, without Java class names. */
  static String describe(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      String known = unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted()
          .collect(Collectors.joining(", "));
      return "unknown field '" + unknown.getPropertyName() + "' (expected fields: " + known + ")";
    }
    if (e instanceof MismatchedInputException mismatch) {
      String field = fieldPath(mismatch);
      if (field.isEmpty()) {
        return "the request body must be a JSON object";
      }
      return "field '" + field + "' must be " + expected(mismatch.getTargetType());
    }
    if (e instanceof StreamReadException parse) {
      String where = parse.getLocation() == null ? ""
          : " at line " + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr();
      return "malformed JSON" + where + ": " + parse.getOriginalMessage();
    }
    return "the request body could not be read as JSON: " + e.getOriginalMessage();
  }

  private static String fieldPath(JsonMappingException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."));
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == String.class) {
      return "a string";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "an object";
  }
}
