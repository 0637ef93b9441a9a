package io.github.pineconeimport.fake;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * Fails chosen requests to the embedded Kubernetes API before they reach the CRUD store, so a test
 * can make a status write fail or conflict the way a real API server would.
 */
final class KubeFaults extends Dispatcher {

  private record Fault(String method, Pattern path, int code) {}

  private record Hook(String method, Pattern path, Runnable action) {}

  private final Dispatcher next;
  private final Deque<Fault> queued = new ArrayDeque<>();
  private final Deque<Pattern> expiring = new ArrayDeque<>();
  private final Deque<Hook> hooks = new ArrayDeque<>();
  private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();

  KubeFaults(Dispatcher next) {
    this.next = next;
  }

  /** The next {@code times} requests with this verb whose path matches get {@code code}. */
  synchronized void failNext(String method, String pathRegex, int code, int times) {
    for (int i = 0; i < times; i++) {
      queued.add(new Fault(method, Pattern.compile(pathRegex), code));
    }
  }

  /**
   * The next {@code times} watches whose path matches are opened, then ended the way a real API
   * server ends a watch whose resourceVersion has expired: an ERROR event with a 410 Status.
   */
  synchronized void expireNextWatches(String pathRegex, int times) {
    for (int i = 0; i < times; i++) {
      expiring.add(Pattern.compile(pathRegex));
    }
  }

  /**
   * Runs action when the next request with this verb whose path matches arrives, before it is
   * served: a test makes a request slow on a clock it moves, or changes the world meanwhile.
   */
  synchronized void beforeNext(String method, String pathRegex, Runnable action) {
    hooks.add(new Hook(method, Pattern.compile(pathRegex), action));
  }

  private synchronized Runnable takeHook(RecordedRequest request) {
    String path = request.getPath() == null ? "" : request.getPath();
    for (var it = hooks.iterator(); it.hasNext(); ) {
      Hook h = it.next();
      if (h.method().equals(request.getMethod()) && h.path().matcher(path).find()) {
        it.remove();
        return h.action();
      }
    }
    return null;
  }

  /** Faults queued and not yet served. */
  synchronized int pending() {
    return queued.size() + expiring.size();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    MockResponse response = answer(request);
    String path = request.getPath() == null ? "" : request.getPath();
    String key =
        request.getHeader("User-Agent")
            + " "
            + request.getMethod()
            + " "
            + KubeRequestTally.pathOnly(path)
            + " "
            + response.code();
    answers.computeIfAbsent(key, k -> new LongAdder()).increment();
    return response;
  }

  /** How many requests from this User-Agent with this verb on this path got this answer code. */
  long answered(String userAgent, String method, String path, int code) {
    LongAdder n = answers.get(userAgent + " " + method + " " + path + " " + code);
    return n == null ? 0 : n.sum();
  }

  private MockResponse answer(RecordedRequest request) {
    Runnable hook = takeHook(request);
    if (hook != null) {
      hook.run();
    }
    if (takeExpiring(request)) {
      MockResponse watch = next.dispatch(request);
      WebSocketListener store = watch.getWebSocketListener();
      return store == null ? watch : watch.withWebSocketUpgrade(new ExpiringWatch(store));
    }
    int code = take(request);
    if (code != 0) {
      return new MockResponse()
          .setResponseCode(code)
          .setHeader("Content-Type", "application/json")
          .setBody(
              "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":"
                  + code
                  + ",\"reason\":\""
                  + reason(code)
                  + "\",\"message\":\"injected by the test\"}");
    }
    return next.dispatch(request);
  }

  private static String reason(int code) {
    return switch (code) {
      case 409 -> "Conflict";
      case 410 -> "Expired";
      case 403 -> "Forbidden";
      default -> "InternalError";
    };
  }

  private synchronized boolean takeExpiring(RecordedRequest request) {
    String path = request.getPath() == null ? "" : request.getPath();
    for (var it = expiring.iterator(); it.hasNext(); ) {
      if (it.next().matcher(path).find()) {
        it.remove();
        return true;
      }
    }
    return false;
  }

  /** The store's watch, ended shortly after it opened with a 410 "too old resource version". */
  private static final class ExpiringWatch extends WebSocketListener {
    private final WebSocketListener store;

    ExpiringWatch(WebSocketListener store) {
      this.store = store;
    }

    @Override
    public void onOpen(WebSocket ws, Response response) {
      store.onOpen(ws, response);
      CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS)
          .execute(
              () -> {
                ws.send(
                    "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                        + "\"status\":\"Failure\",\"code\":410,\"reason\":\"Expired\","
                        + "\"message\":\"too old resource version\"}}");
                ws.close(1000, "expired");
              });
    }

    @Override
    public void onMessage(WebSocket ws, String text) {
      store.onMessage(ws, text);
    }

    @Override
    public void onClosing(WebSocket ws, int code, String reason) {
      store.onClosing(ws, code, reason);
    }

    @Override
    public void onClosed(WebSocket ws, int code, String reason) {
      store.onClosed(ws, code, reason);
    }

    @Override
    public void onFailure(WebSocket ws, Throwable t, Response response) {
      store.onFailure(ws, t, response);
    }
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
