package io.github.pineconeimport.fake;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * Fails chosen requests to the embedded Kubernetes API before they reach the CRUD store, so a
 * test can make a status write fail or conflict the way a real API server would.
 */
final class KubeFaults extends Dispatcher {

  private record Fault(String method, Pattern path, int code) {}

  private final Dispatcher next;
  private final Deque<Fault> queued = new ArrayDeque<>();

  KubeFaults(Dispatcher next) {
    this.next = next;
  }

  /** The next {@code times} requests with this verb whose path matches get {@code code}. */
  synchronized void failNext(String method, String pathRegex, int code, int times) {
    for (int i = 0; i < times; i++) {
      queued.add(new Fault(method, Pattern.compile(pathRegex), code));
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    int code = take(request);
    if (code != 0) {
      return new MockResponse().setResponseCode(code)
          .setHeader("Content-Type", "application/json")
          .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":"
              + code + ",\"reason\":\"" + (code == 409 ? "Conflict" : "InternalError")
              + "\",\"message\":\"injected by the test\"}");
    }
    return next.dispatch(request);
  }

  /** The code of the first queued fault this request matches (removed), or 0. */
  private synchronized int take(RecordedRequest request) {
    String path = request.getPath() == null ? "" : request.getPath();
    for (var it = queued.iterator(); it.hasNext(); ) {
      Fault f = it.next();
      if (f.method().equals(request.getMethod()) && f.path().matcher(path).find()) {
        it.remove();
        return f.code();
      }
    }
    return 0;
  }

  @Override
  public void shutdown() {
    next.shutdown();
  }
}
