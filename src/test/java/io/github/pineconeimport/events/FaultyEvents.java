package io.github.pineconeimport.events;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** A CRUD mock API server whose next Event writes of a verb answer with a chosen error. */
final class FaultyEvents extends Dispatcher implements AutoCloseable {

  final KubernetesClient client;
  private final KubernetesMockServer server;
  private final Dispatcher crud = new KubernetesCrudDispatcher(List.of());
  private final Map<String, Queue<Integer>> faults = new ConcurrentHashMap<>();
  private final AtomicInteger failed = new AtomicInteger();

  private FaultyEvents() {
    server =
        new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), this, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
  }

  static FaultyEvents start() {
    return new FaultyEvents();
  }

  void failNext(String method, int code) {
    faults.computeIfAbsent(method, m -> new ConcurrentLinkedQueue<>()).add(code);
  }

  /** Event writes answered with an injected error so far. */
  int failed() {
    return failed.get();
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getPath() == null ? "" : request.getPath();
    Queue<Integer> queue = faults.get(request.getMethod());
    Integer code = path.contains("/events") && queue != null ? queue.poll() : null;
    if (code == null) {
      return crud.dispatch(request);
    }
    failed.incrementAndGet();
    return new MockResponse()
        .setResponseCode(code)
        .setHeader("Content-Type", "application/json")
        .setBody(
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                + "\"code\":"
                + code
                + ",\"message\":\"injected\"}");
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
