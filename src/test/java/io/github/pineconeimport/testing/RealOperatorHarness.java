package io.github.pineconeimport.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.pineconeimport.config.OperatorConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The real operator on the shared real API server ({@link RealKube}), in a namespace of its own
 * that it alone watches, against the fake Pinecone. Writes are counted from the server's audit log,
 * so they are what the server received, whoever sent them.
 */
public final class RealOperatorHarness extends ImportHarness {

  /** The User-Agent of the operator's requests, which tells them apart in the audit log. */
  public static final String OPERATOR_AGENT = "pinecone-import-operator-under-test";

  public final RealKube kube;
  private final Supplier<KubernetesClient> operatorClients;
  private final List<KubernetesClient> clients = new ArrayList<>();
  private final AtomicInteger markers = new AtomicInteger();

  private RealOperatorHarness(
      RealKube kube,
      String namespace,
      Map<String, String> env,
      Supplier<KubernetesClient> operatorClients)
      throws IOException {
    super(kube.client(), namespace, TestResources.API_KEY, env);
    this.kube = kube;
    this.operatorClients = operatorClients;
  }

  /** An operator with the cluster-admin identity, watching a fresh namespace. */
  public static RealOperatorHarness start(String testName, Map<String, String> env)
      throws IOException {
    RealKube kube = RealKube.get();
    return start(
        kube,
        kube.newNamespace(testName),
        env,
        () -> kube.newClient(c -> c.setUserAgent(OPERATOR_AGENT)));
  }

  /**
   * An operator watching {@code namespace} with these settings on top of the defaults, talking
   * through clients from {@code operatorClients} (for example a ServiceAccount's identity; give
   * them the {@link #OPERATOR_AGENT} User-Agent).
   */
  public static RealOperatorHarness start(
      RealKube kube,
      String namespace,
      Map<String, String> env,
      Supplier<KubernetesClient> operatorClients)
      throws IOException {
    Map<String, String> settings = new HashMap<>(env);
    settings.putIfAbsent(OperatorConfig.WATCH_NAMESPACES, namespace);
    var h = new RealOperatorHarness(kube, namespace, settings, operatorClients);
    h.startOperator();
    return h;
  }

  @Override
  protected KubernetesClient newOperatorClient() {
    KubernetesClient c = operatorClients.get();
    clients.add(c);
    return c;
  }

  @Override
  public long statusWrites(String name) {
    return kube.audit()
        .entries(
            namespace, e -> e.isWrite() && e.on("pineconeimports/status") && name.equals(e.name()))
        .size();
  }

  /** Every request the operator made in this namespace, as the server logged it. */
  public List<AuditLog.Entry> operatorRequests() {
    return kube.audit().entries(namespace, e -> OPERATOR_AGENT.equals(e.userAgent()));
  }

  /**
   * Makes one marker request and waits until the audit log shows it: the log is written in the
   * order requests complete, so everything before the marker is in it too.
   */
  @Override
  public void settle() {
    String marker = "settle-" + markers.incrementAndGet();
    client.configMaps().inNamespace(namespace).withName(marker).get();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                !kube.audit()
                    .entries(namespace, e -> e.on("configmaps") && marker.equals(e.name()))
                    .isEmpty());
  }

  @Override
  protected void closeKubernetes() {
    clients.forEach(KubernetesClient::close);
  }
}
