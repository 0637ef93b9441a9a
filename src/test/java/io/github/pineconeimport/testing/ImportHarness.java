package io.github.pineconeimport.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.pineconeimport.PineconeImportOperator;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.fake.FakePineconeServer;
import io.github.pineconeimport.fake.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The real operator against a Kubernetes API (the embedded mock or the real server, see the
 * subclasses) and the fake Pinecone, whose imports run on a {@link ManualClock} the test moves. The
 * operator itself runs on real time. Imports and their Secret live in {@link #namespace}.
 */
public abstract class ImportHarness implements AutoCloseable {

  /** The test's own client (never the operator's). */
  public final KubernetesClient client;

  public final String namespace;
  public final FakePineconeServer pinecone;
  public final ManualClock pineconeClock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final Map<String, String> settings;
  private PineconeImportOperator operator;

  protected ImportHarness(
      KubernetesClient client, String namespace, String apiKey, Map<String, String> env)
      throws IOException {
    this.client = client;
    this.namespace = namespace;
    pinecone = FakePineconeServer.start(0, apiKey, pineconeClock);
    settings = new HashMap<>(env);
    settings.putIfAbsent(
        OperatorConfig.ALLOWED_HOSTS, "*.pinecone.io," + pinecone.allowedHostEntry());
    // a slow retry long enough that only a Secret event can explain a quick recovery
    settings.putIfAbsent(OperatorConfig.STALLED_RETRY, "10m");
    // an ephemeral port: tests run side by side, on a machine others share
    settings.putIfAbsent(OperatorConfig.HEALTH_PORT, "0");
  }

  /** A new client for one operator instance to talk through. */
  protected abstract KubernetesClient newOperatorClient();

  /** Status writes the API server received for this import. */
  public abstract long statusWrites(String name);

  /** Waits until the write counters have caught up with every request served so far. */
  public abstract void settle();

  public void startOperator() {
    operator =
        PineconeImportOperator.start(
            newOperatorClient(),
            configWith(Map.of()),
            Clock.systemUTC(),
            new SimpleMeterRegistry());
  }

  public void stopOperator() {
    operator.close();
    operator = null;
  }

  public PineconeImportOperator operator() {
    return operator;
  }

  protected OperatorConfig configWith(Map<String, String> env) {
    return OperatorConfig.fromEnv(env(env));
  }

  /** The harness's settings with these on top, as environment variables for the process. */
  public Map<String, String> env(Map<String, String> env) {
    var merged = new HashMap<>(settings);
    merged.putAll(env);
    return merged;
  }

  public void createSecret(String value) {
    client
        .resource(TestResources.apiKeySecret(namespace, TestResources.SECRET, "apiKey", value))
        .create();
  }

  /** An import of this ID on the fake Pinecone, polled every second. */
  public PineconeImport importOf(String name, String importId) {
    return TestResources.pineconeImport(namespace, name, pinecone.hostAndPort(), importId);
  }

  public PineconeImport createImport(String name, String importId) {
    return client.resource(importOf(name, importId)).create();
  }

  /** A PineconeImport with spec.source: the operator starts the import. */
  public PineconeImport createStarting(String name, String uri) {
    return client
        .resource(TestResources.startingImport(namespace, name, pinecone.hostAndPort(), uri))
        .create();
  }

  /** Waits until the resource is gone from the API (its finalizers all removed). */
  public void awaitGone(String name) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> get(name) == null);
  }

  public PineconeImport get(String name) {
    return TestResources.get(client, namespace, name);
  }

  public List<Event> events(String name) {
    return TestResources.eventsFor(client, namespace, name);
  }

  /** Waits for this many events, then a moment more: a duplicate shows up right behind. */
  public List<Event> awaitEvents(String name, int count) {
    await().atMost(Duration.ofSeconds(20)).until(() -> events(name).size() >= count);
    try {
      Thread.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return events(name);
  }

  public PineconeImportStatus awaitStatus(String name, Predicate<PineconeImportStatus> condition) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              var cr = get(name);
              return cr != null && cr.getStatus() != null && condition.test(cr.getStatus());
            });
    return get(name).getStatus();
  }

  public PineconeImportStatus awaitPhase(String name, String phase) {
    return awaitStatus(name, s -> phase.equals(s.getPhase()));
  }

  /** Stops what the subclass started, after the operator and the fake Pinecone. */
  protected abstract void closeKubernetes();

  @Override
  public void close() {
    if (operator != null) {
      operator.close();
    }
    pinecone.close();
    closeKubernetes();
  }
}
