package io.github.pineconeimport.fake;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * An embedded Kubernetes API for the demo, tests and benchmark: Fabric8's mock server in CRUD mode
 * with our CRD registered (so status is a real subresource). A background thread drains the
 * server's request log into counters, so memory stays flat and writes can be counted.
 */
public final class FakeKubernetes implements AutoCloseable {

  public static final String CRD_RESOURCE = "/META-INF/fabric8/pineconeimports.pinecone.io-v1.yml";
  private static final Pattern OBJECT_NAMES =
      Pattern.compile("/(pineconeimports|secrets|events|customresourcedefinitions)/[^/?]+");

  // Held strongly: java.util.logging forgets levels set on loggers that get collected.
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    // the mock server logs every request at INFO through java.util.logging
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  /** A call the operator made, reduced to verb and path shape (names replaced by {name}). */
  public record Call(String method, String pathShape) {}

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final Thread drainer;
  private volatile boolean running = true;
  private final KubeRequestTally tally = new KubeRequestTally();
  private final Set<Call> calls = ConcurrentHashMap.newKeySet();
  private final Map<String, Set<Call>> callsByAgent = new ConcurrentHashMap<>();
  private final RulesReviewDispatcher dispatcher =
      new RulesReviewDispatcher(new KubernetesCrudDispatcher(List.of()));
  private final KubeFaults faults = new KubeFaults(new StatusPreconditions(dispatcher));

  private FakeKubernetes() {
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), faults, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
    drainer = new Thread(this::drain, "fake-kubernetes-counter");
    drainer.setDaemon(true);
    drainer.start();
    registerCrd();
  }

  public static FakeKubernetes start() {
    return new FakeKubernetes();
  }

  /** A client for the embedded server (the operator gets its own via {@link #newClient()}). */
  public KubernetesClient client() {
    return client;
  }

  public KubernetesClient newClient() {
    return server.createClient();
  }

  /**
   * A client whose requests carry this User-Agent; {@link #callsFrom} then lists its calls apart
   * from everyone else's.
   */
  public KubernetesClient newClient(String userAgent) {
    callsByAgent.putIfAbsent(userAgent, ConcurrentHashMap.newKeySet());
    return server.createClient(b -> b.editOrNewConfig().withUserAgent(userAgent).endConfig());
  }

  /**
   * What SelfSubjectRulesReviews answer from now on (by default: everything, as the mock has no
   * RBAC). JOSDK checks the lease rules in this answer before it campaigns for leadership.
   */
  public void answerRulesReviewsWith(List<ResourceRule> rules) {
    dispatcher.answerWith(rules);
  }

  /**
   * The next {@code times} writes of the status of this PineconeImport with this verb (PUT or
   * PATCH) fail with {@code code} (409 conflict, 500 ...), as a real API server may answer.
   */
  public void failStatusWrites(String name, String method, int code, int times) {
    faults.failNext(method, "/pineconeimports/" + Pattern.quote(name) + "/status", code, times);
  }

  /**
   * The next {@code times} writes of this PineconeImport itself (metadata, as a finalizer patch;
   * not its status) with this verb fail with {@code code}.
   */
  public void failWrites(String name, String method, int code, int times) {
    faults.failNext(method, "/pineconeimports/" + Pattern.quote(name) + "($|\\?)", code, times);
  }

  /**
   * Requests from this User-Agent (see {@link #newClient(String)}) with this verb on this path (no
   * query) that got this answer code: tells which replica won a race and which got 409.
   */
  public long answered(String userAgent, String method, String path, int code) {
    return faults.answered(userAgent, method, path, code);
  }

  /**
   * Runs action when the next metadata write (finalizers) of this PineconeImport with this verb
   * arrives, before it is served.
   */
  public void beforeNextWrite(String name, String method, Runnable action) {
    faults.beforeNext(method, "/pineconeimports/" + Pattern.quote(name) + "($|\\?)", action);
  }

  /**
   * The next {@code times} watches on this resource (plural, e.g. pineconeimports) expire soon
   * after they open, as a real API server ends a watch whose resourceVersion is too old (an ERROR
   * event with 410 Gone), which makes an informer list again.
   */
  public void expireNextWatches(String plural, int times) {
    faults.expireNextWatches("/" + Pattern.quote(plural) + "\\?.*watch=true", times);
  }

  /** Injected faults not served yet: zero once every one of them reached the operator. */
  public int pendingFaults() {
    return faults.pending();
  }

  public KubernetesMockServer server() {
    return server;
  }

  public String url() {
    return server.url("/");
  }

  private void registerCrd() {
    try (InputStream in = FakeKubernetes.class.getResourceAsStream(CRD_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(CRD_RESOURCE + " is missing: build with mvn package");
      }
      CustomResourceDefinition crd =
          client.apiextensions().v1().customResourceDefinitions().load(in).item();
      client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void drain() {
    while (running) {
      try {
        RecordedRequest r = server.takeRequest(100, TimeUnit.MILLISECONDS);
        if (r != null) {
          count(r);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException ignored) {
        // a malformed record must not stop counting
      }
    }
  }

  private void count(RecordedRequest r) {
    String path = r.getPath() == null ? "" : r.getPath();
    tally.count(r.getMethod(), path);
    String pathOnly = KubeRequestTally.pathOnly(path);
    String verb = KubeRequestTally.verb(r.getMethod(), path);
    calls.add(new Call(verb, KubeRequestTally.shape(pathOnly)));
    Set<Call> byAgent = callsByAgent.get(String.valueOf(r.getHeader("User-Agent")));
    if (byAgent != null) {
      byAgent.add(new Call(verb, OBJECT_NAMES.matcher(pathOnly).replaceAll("/$1/{name}")));
    }
  }

  /** What this server served, counted (status writes, per import, by call shape). */
  public KubeRequestTally tally() {
    return tally;
  }

  public long requests() {
    return tally.requests();
  }

  public long statusWrites() {
    return tally.statusWrites();
  }

  /** Status writes to one PineconeImport, by name. */
  public long statusWrites(String name) {
    return tally.statusWrites(name);
  }

  public long eventWrites() {
    return tally.eventWrites();
  }

  /** Requests of any verb to one PineconeImport (and its status), by name. */
  public long requests(String name) {
    return tally.requests(name);
  }

  /** Every distinct call shape seen so far. */
  public Set<Call> calls() {
    return Set.copyOf(calls);
  }

  /**
   * Every distinct call made by clients from {@link #newClient(String)} with this agent. Unlike
   * {@link #calls()}, namespaces and Lease names stay in the path (other object names become
   * {name}), so a check can tell a namespaced request from a cluster-wide one and match RBAC rules
   * that name their Lease.
   */
  public Set<Call> callsFrom(String userAgent) {
    return Set.copyOf(callsByAgent.getOrDefault(userAgent, Set.of()));
  }

  /** Waits until the counters have caught up with every request served so far. */
  public void settle() {
    long deadline = System.currentTimeMillis() + 5000;
    while (server.getRequestCount() > tally.requests() && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    drainer.interrupt();
    client.close();
    server.destroy();
  }
}
