package io.github.pineconeimport.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfig;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One real kube-apiserver + etcd (kube-api-test) shared by every test in the JVM: started on
 * first use, with the CRD from {@code crds/} established and an audit log, and stopped when the
 * JVM exits. A start costs seconds, so classes share it and isolate by namespace instead.
 *
 * <p>There is no controller-manager: namespaces never finish terminating and owned objects are
 * not garbage collected, so tests create a fresh namespace each and leave it behind.
 */
public final class RealKube {

  /** The CRD as generated from the Java types; what {@code kubectl apply -f crds/} installs. */
  public static final Path CRD_FILE = Path.of("crds", "pineconeimports.pinecone.io-v1.yml");

  private static RealKube shared;
  private static RuntimeException startFailure;

  private final KubeAPIServer server;
  private final Path dir;
  private final Path kubeconfig;
  private final Path kubectlBinary;
  private final AuditLog audit;
  private final KubernetesClient admin;
  private final CustomResourceDefinition crd;
  private final AtomicInteger namespaces = new AtomicInteger();

  /** The shared server, started on the first call; a failed start fails every caller alike. */
  public static synchronized RealKube get() {
    if (startFailure != null) {
      throw startFailure;
    }
    if (shared == null) {
      try {
        shared = new RealKube();
      } catch (RuntimeException e) {
        startFailure = e;
        throw e;
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "real-kube-stop"));
    }
    return shared;
  }

  private RealKube() {
    try {
      dir = Files.createTempDirectory("real-kube");
      Path policy = Files.writeString(dir.resolve("audit-policy.yaml"), AuditLog.POLICY);
      Path auditFile = dir.resolve("audit.log");
      KubeAPIServerConfig config = configBuilder()
          .withApiServerFlag("--audit-policy-file", policy.toString())
          .withApiServerFlag("--audit-log-path", auditFile.toString())
          .build();
      kubectlBinary = KubeBinaries.resolve(config).getKubectl().toPath();
      server = new KubeAPIServer(config);
      server.start();
      String yaml = server.getKubeConfigYaml();
      kubeconfig = Files.writeString(dir.resolve("kubeconfig"), yaml);
      audit = new AuditLog(auditFile);
      admin = newClient(c -> { });
      crd = establish(admin.apiextensions().v1().customResourceDefinitions()
          .load(CRD_FILE.toFile()).item());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Never rewrites the user's ~/.kube/config; offline mode is passed as a boolean because
   * kube-api-test 7.5.2 casts the environment variable's String to Boolean and fails.
   */
  static KubeAPIServerConfigBuilder configBuilder() {
    var builder = KubeAPIServerConfigBuilder.anAPIServerConfig().withUpdateKubeConfig(false);
    String offline = System.getenv(KubeAPIServerConfigBuilder.KUBE_API_TEST_OFFLINE_MODE);
    if (offline != null) {
      builder.withOfflineMode(Boolean.parseBoolean(offline));
    }
    return builder;
  }

  private CustomResourceDefinition establish(CustomResourceDefinition definition) {
    admin.resource(definition).create();
    var resource = admin.apiextensions().v1().customResourceDefinitions()
        .withName(definition.getMetadata().getName());
    await().atMost(Duration.ofSeconds(30)).until(() -> resource.get().getStatus() != null
        && resource.get().getStatus().getConditions().stream().anyMatch(
            c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())));
    return resource.get();
  }

  /** A cluster-admin client (kube-api-test's client certificate). Do not close it. */
  public KubernetesClient client() {
    return admin;
  }

  /**
   * A new client on this server, e.g. with {@code c.setImpersonateUsername(...)} to act as a
   * ServiceAccount; the caller closes it.
   */
  public KubernetesClient newClient(Consumer<Config> customize) {
    Config config = Config.fromKubeconfig(read(kubeconfig));
    customize.accept(config);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** A client that acts as this ServiceAccount, as a Pod running under it would. */
  public KubernetesClient clientAs(String namespace, String serviceAccount) {
    return newClient(c -> {
      c.setImpersonateUsername("system:serviceaccount:" + namespace + ":" + serviceAccount);
      c.setImpersonateGroups("system:serviceaccounts", "system:serviceaccounts:" + namespace,
          "system:authenticated");
    });
  }

  /** The kubeconfig file for this server (kube-api-test's admin user). */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The kubectl binary that came with the API server binaries. */
  public Path kubectlBinary() {
    return kubectlBinary;
  }

  /** kubectl pointed at this server, with its discovery cache in a scratch directory. */
  public LocalTool kubectl() {
    return LocalTool.at(kubectlBinary, Map.of("KUBECONFIG", kubeconfig.toString(),
        "KUBECACHEDIR", dir.resolve("kubectl-cache").toString()));
  }

  /** The PineconeImport CRD from {@code crds/}, as the server holds it once established. */
  public CustomResourceDefinition crd() {
    return crd;
  }

  /** The server's audit log. */
  public AuditLog audit() {
    return audit;
  }

  /** A new, empty namespace named after the test, so tests on the shared server never meet. */
  public String newNamespace(String prefix) {
    String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    String name = (clean.length() > 40 ? clean.substring(0, 40) : clean).replaceAll("-+$", "")
        + "-" + namespaces.incrementAndGet();
    admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
        .endMetadata().build()).create();
    return name;
  }

  private void stop() {
    admin.close();
    server.stop();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a scratch directory under /tmp; nothing to do at JVM exit
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
