package io.github.pineconeimport.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.pineconeimport.OperatorProcess;
import io.github.pineconeimport.PineconeImportOperator;
import io.github.pineconeimport.fake.FakeKubernetes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real operator against the embedded Kubernetes API (Fabric8's mock in CRUD mode): fast, and
 * the place for faults the real server cannot inject and for counting calls by User-Agent.
 */
public final class OperatorHarness extends ImportHarness {

  public final FakeKubernetes kube;
  private final List<AutoCloseable> instances = new ArrayList<>();

  private OperatorHarness(FakeKubernetes kube, String apiKey, Map<String, String> env)
      throws IOException {
    super(kube.client(), TestResources.NAMESPACE, apiKey, env);
    this.kube = kube;
  }

  /** The fakes only; start operators with {@link #startInstance} or {@link #startProcess}. */
  public static OperatorHarness withoutOperator(Map<String, String> env) throws IOException {
    return new OperatorHarness(FakeKubernetes.start(), TestResources.API_KEY, env);
  }

  public static OperatorHarness start() throws IOException {
    return start(TestResources.API_KEY, Map.of());
  }

  public static OperatorHarness start(String apiKey, Map<String, String> env) throws IOException {
    var h = new OperatorHarness(FakeKubernetes.start(), apiKey, env);
    h.startOperator();
    return h;
  }

  @Override
  protected KubernetesClient newOperatorClient() {
    return kube.newClient();
  }

  @Override
  public long statusWrites(String name) {
    return kube.statusWrites(name);
  }

  @Override
  public void settle() {
    kube.settle();
  }

  /**
   * One more operator (think: another replica) with these settings on top of the harness's, talking
   * through its own client with this User-Agent ({@link FakeKubernetes#callsFrom}). Closed with the
   * harness unless the test closes it first.
   */
  public PineconeImportOperator startInstance(Map<String, String> env, String userAgent) {
    var instanceClient = kube.newClient(userAgent);
    var instance =
        PineconeImportOperator.start(
            instanceClient, configWith(env), Clock.systemUTC(), new SimpleMeterRegistry());
    instances.add(
        () -> {
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

  @Override
  protected void closeKubernetes() {
    for (AutoCloseable instance : instances) {
      try {
        instance.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    kube.close();
  }
}
