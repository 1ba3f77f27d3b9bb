package io.harmonia.api.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers before a request reaches Javalin (an undecodable URI, oversized
 * headers, a malformed request line) in the same problem+json shape as everything else, instead
 * of Jetty's HTML page.
 */
public final class JettyProblemErrorHandler extends ErrorHandler {

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    // Jetty names a request it could not parse "/badMessage": no path worth echoing then
    String path = request.getHttpURI() == null || "/badMessage".equals(request.getHttpURI().getPath())
        ? null : request.getHttpURI().getPath();
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
    response.write(true, body(code, message, path), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
    return body(status, reason, null);
  }

  private static ByteBuffer body(int status, String message, String path) {
    String title = HttpStatus.getMessage(status);
    String detail = status == 400
        ? "the HTTP request could not be parsed: a malformed URI (e.g. a bad %-escape), request line or header"
        : message == null || message.isBlank() || message.equals(title)
            ? "the server could not process this HTTP request (" + title + ")"
            : "the server could not process this HTTP request: " + message;
    Problem problem = new Problem(Problem.TYPE_PREFIX + (status == 400 ? "invalid-request" : "http-" + status),
        title, status, detail, path);
    return ByteBuffer.wrap(Json.write(problem).getBytes(StandardCharsets.UTF_8));
  }
}
