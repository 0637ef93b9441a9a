package io.github.pineconeimport.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.pineconeimport.OperatorProcess;
import io.github.pineconeimport.PineconeImportOperator;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.fake.FakeKubernetes;
import io.github.pineconeimport.fake.FakePineconeServer;
import io.github.pineconeimport.fake.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The real operator against the embedded Kubernetes API and the fake Pinecone, whose imports run
 * on a {@link ManualClock} the test moves. The operator itself runs on real time.
 */
public final class OperatorHarness implements AutoCloseable {

  public final FakeKubernetes kube;
  public final KubernetesClient client;
  public final FakePineconeServer pinecone;
  public final ManualClock pineconeClock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final Map<String, String> settings;
  private OperatorConfig config;
  private PineconeImportOperator operator;
  private final List<AutoCloseable> instances = new ArrayList<>();

  private OperatorHarness(String apiKey, Map<String, String> env) throws IOException {
    kube = FakeKubernetes.start();
    client = kube.client();
    pinecone = FakePineconeServer.start(0, apiKey, pineconeClock);
    settings = new java.util.HashMap<>(env);
    settings.putIfAbsent(OperatorConfig.ALLOWED_HOSTS, "*.pinecone.io," + pinecone.allowedHostEntry());
    // a slow retry long enough that only a Secret event can explain a quick recovery
    settings.putIfAbsent(OperatorConfig.STALLED_RETRY, "10m");
    // an ephemeral port: tests run side by side, on a machine others share
    settings.putIfAbsent(OperatorConfig.HEALTH_PORT, "0");
    config = OperatorConfig.fromEnv(settings);
  }

  /** The fakes only; start operators with {@link #startInstance} or {@link #startProcess}. */
  public static OperatorHarness withoutOperator(Map<String, String> env) throws IOException {
    return new OperatorHarness(TestResources.API_KEY, env);
  }

  public static OperatorHarness start() throws IOException {
    return start(TestResources.API_KEY, Map.of());
  }

  public static OperatorHarness start(String apiKey, Map<String, String> env) throws IOException {
    var h = new OperatorHarness(apiKey, env);
    h.startOperator();
    return h;
  }

  public void startOperator() {
    operator = PineconeImportOperator.start(kube.newClient(), config, Clock.systemUTC(),
        new SimpleMeterRegistry());
  }

  public void stopOperator() {
    operator.close();
    operator = null;
  }

  public PineconeImportOperator operator() {
    return operator;
  }

  /**
   * One more operator (think: another replica) with these settings on top of the harness's,
   * talking through its own client with this User-Agent ({@link FakeKubernetes#callsFrom}).
   * Closed with the harness unless the test closes it first.
   */
  public PineconeImportOperator startInstance(Map<String, String> env, String userAgent) {
    var instanceClient = kube.newClient(userAgent);
    var instance = PineconeImportOperator.start(instanceClient, configWith(env),
        Clock.systemUTC(), new SimpleMeterRegistry());
    instances.add(() -> {
      instance.close();
      instanceClient.close();
    });
    return instance;
  }

  /** The operator as {@code java -jar ... run} wires it: Prometheus registry, health server. */
  public OperatorProcess startProcess(Map<String, String> env, String userAgent) {
    var process = OperatorProcess.start(kube.newClient(userAgent), configWith(env));
    instances.add(process);
    return process;
  }

  private OperatorConfig configWith(Map<String, String> env) {
    var merged = new java.util.HashMap<>(settings);
    merged.putAll(env);
    return OperatorConfig.fromEnv(merged);
  }

  public void createSecret(String value) {
    client.resource(TestResources.apiKeySecret(TestResources.SECRET, "apiKey", value)).create();
  }

  public PineconeImport createImport(String name, String importId) {
    return client.resource(TestResources.pineconeImport(name, pinecone.hostAndPort(), importId))
        .create();
  }

  /** A PineconeImport with spec.source: the operator starts the import. */
  public PineconeImport createStarting(String name, String uri) {
    return client.resource(TestResources.startingImport(name, pinecone.hostAndPort(), uri))
        .create();
  }

  /** Waits until the resource is gone from the API (its finalizers all removed). */
  public void awaitGone(String name) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> get(name) == null);
  }

  public PineconeImport get(String name) {
    return TestResources.get(client, name);
  }

  public PineconeImportStatus awaitStatus(String name, Predicate<PineconeImportStatus> condition) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> {
          var cr = get(name);
          return cr != null && cr.getStatus() != null && condition.test(cr.getStatus());
        });
    return get(name).getStatus();
  }

  public PineconeImportStatus awaitPhase(String name, String phase) {
    return awaitStatus(name, s -> phase.equals(s.getPhase()));
  }

  @Override
  public void close() {
    if (operator != null) {
      operator.close();
    }
    for (AutoCloseable instance : instances) {
      try {
        instance.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    pinecone.close();
    kube.close();
  }
}
