package io.github.pineconeimport.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * What a real API server does and Fabric8's CRUD mock does not: a PUT to a {@code /status}
 * subresource whose {@code metadata.resourceVersion} is not the stored one is refused with 409 (the
 * mock checks it only on the main resource). The operator's start intent relies on this optimistic
 * concurrency, and a real-server test checks the same answer there.
 */
final class StatusPreconditions extends Dispatcher {

  private static final Pattern STATUS_PUT = Pattern.compile("^(/apis/[^?]+)/status(\\?.*)?$");

  private final Dispatcher next;
  private final ObjectMapper json = new ObjectMapper();

  StatusPreconditions(Dispatcher next) {
    this.next = next;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    var m = STATUS_PUT.matcher(request.getPath() == null ? "" : request.getPath());
    if (!"PUT".equals(request.getMethod()) || !m.matches()) {
      return next.dispatch(request);
    }
    // one status PUT at a time, so the check and the write cannot interleave with another
    synchronized (this) {
      // reading the body consumes it: pass on a copy
      String body = request.getUtf8Body();
      RecordedRequest copy =
          new RecordedRequest(
              request.getHttpVersion(),
              request.method(),
              request.getPath(),
              request.getHeaders(),
              new Buffer(body.getBytes(StandardCharsets.UTF_8)));
      String sent = resourceVersion(body);
      if (!sent.isEmpty()) {
        MockResponse current =
            next.dispatch(
                new RecordedRequest(
                    "HTTP/1.1",
                    HttpMethod.GET,
                    m.group(1),
                    new Headers.Builder().build(),
                    new Buffer()));
        String stored =
            current.getBody() == null ? "" : resourceVersion(current.getBody().readUtf8());
        if (!stored.isEmpty() && !stored.equals(sent)) {
          return conflict();
        }
      }
      return next.dispatch(copy);
    }
  }

  private String resourceVersion(String body) {
    try {
      JsonNode root = json.readTree(body == null ? "" : body);
      return root == null ? "" : root.path("metadata").path("resourceVersion").asText("");
    } catch (IOException e) {
      return "";
    }
  }

  private static MockResponse conflict() {
    return new MockResponse()
        .setResponseCode(409)
        .setHeader("Content-Type", "application/json")
        .setBody(
            ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":409,\"reason\":\"Conflict\",\"message\":\"Operation"
                 + " cannot be fulfilled: the object has been modified; please apply your changes"
                 + " to the latest version and try again\"}")
                .getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void shutdown() {
    next.shutdown();
  }
}
