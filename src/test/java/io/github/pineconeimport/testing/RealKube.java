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
 * One real kube-apiserver + etcd (kube-api-test) shared by every test in the JVM: started on first
 * use, with the CRD from {@code crds/} established and an audit log, and stopped when the JVM
 * exits. A start costs seconds, so classes share it and isolate by namespace instead.
 *
 * <p>There is no controller-manager: namespaces never finish terminating and owned objects are not
 * garbage collected, so tests create a fresh namespace each and leave it behind.
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
  private java.util.List<String> apiServerCommand;
  private Process restarted;

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
      KubeAPIServerConfig config =
          configBuilder()
              .withApiServerFlag("--audit-policy-file", policy.toString())
              .withApiServerFlag("--audit-log-path", auditFile.toString())
              .build();
      kubectlBinary = KubeBinaries.resolve(config).getKubectl().toPath();
      server = new KubeAPIServer(config);
      server.start();
      String yaml = server.getKubeConfigYaml();
      kubeconfig = Files.writeString(dir.resolve("kubeconfig"), yaml);
      audit = new AuditLog(auditFile);
      admin = newClient(c -> {});
      crd =
          establish(
              admin
                  .apiextensions()
                  .v1()
                  .customResourceDefinitions()
                  .load(CRD_FILE.toFile())
                  .item());
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
    var resource =
        admin
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(definition.getMetadata().getName());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                resource.get().getStatus() != null
                    && resource.get().getStatus().getConditions().stream()
                        .anyMatch(
                            c ->
                                "Established".equals(c.getType()) && "True".equals(c.getStatus())));
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

  /**
   * A client that acts as this ServiceAccount, as a Pod running under it would, with the operator's
   * User-Agent.
   */
  public KubernetesClient clientAs(String namespace, String serviceAccount) {
    return newClient(
        c -> {
          c.setImpersonateUsername("system:serviceaccount:" + namespace + ":" + serviceAccount);
          c.setImpersonateGroups(
              "system:serviceaccounts",
              "system:serviceaccounts:" + namespace,
              "system:authenticated");
          c.setUserAgent(RealOperatorHarness.OPERATOR_AGENT);
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
    return LocalTool.at(
        kubectlBinary,
        Map.of(
            "KUBECONFIG",
            kubeconfig.toString(),
            "KUBECACHEDIR",
            dir.resolve("kubectl-cache").toString()));
  }

  /** {@code kubectl apply} with these arguments, from the project directory; fails if it fails. */
  public void apply(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "apply";
    System.arraycopy(args, 0, command, 1, args.length);
    var result = kubectl().run(Path.of("."), command);
    if (result.exitCode() != 0) {
      throw new AssertionError("kubectl " + String.join(" ", command) + "\n" + result.stderr());
    }
  }

  /**
   * Applies the namespaced install ({@code deploy/overlays/namespaced}) into {@code namespace} the
   * way its comment says (an overlay of it), and returns that overlay's directory.
   */
  public Path applyNamespacedOverlay(String namespace) {
    try {
      Path overlay = Files.createDirectories(Path.of("target", "overlays", namespace));
      Files.writeString(
          overlay.resolve("kustomization.yaml"),
          """
          apiVersion: kustomize.config.k8s.io/v1beta1
          kind: Kustomization
          namespace: %s
          resources:
          - ../../../deploy/overlays/namespaced
          """
              .formatted(namespace));
      apply("-k", overlay.toString());
      return overlay;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
    String name =
        (clean.length() > 40 ? clean.substring(0, 40) : clean).replaceAll("-+$", "")
            + "-"
            + namespaces.incrementAndGet();
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
    return name;
  }

  /**
   * A server of its own, for a test that stops and restarts it ({@link #stopApiServer()}); the
   * caller closes it with {@link #close()}.
   */
  public static RealKube dedicated() {
    return new RealKube();
  }

  /** Stops this server for good, etcd included. */
  public void close() {
    if (restarted != null) {
      restarted.destroy();
    }
    stop();
  }

  /**
   * Stops kube-apiserver (SIGTERM) and leaves etcd running, so {@link #startApiServer()} brings the
   * same server back: same port, certificates and data. kube-api-test has no API for this; its
   * process object is reached by reflection and told the stop is intended, or it would take the
   * stop for a crash and tear down etcd too.
   */
  public void stopApiServer() {
    stopApiServer(false);
  }

  /**
   * Kills kube-apiserver (SIGKILL, as a crash or an OOM kill would): no graceful close of watches
   * or connections. etcd keeps running; {@link #startApiServer()} brings it back.
   */
  public void killApiServer() {
    stopApiServer(true);
  }

  private synchronized void stopApiServer(boolean kill) {
    try {
      if (restarted != null) {
        if (kill) {
          restarted.destroyForcibly();
        } else {
          restarted.destroy();
        }
        restarted.waitFor();
        restarted = null;
        return;
      }
      var field = KubeAPIServer.class.getDeclaredField("kubeApiServerProcess");
      field.setAccessible(true);
      Object process = field.get(server);
      var running = process.getClass().getDeclaredField("apiServerProcess");
      running.setAccessible(true);
      ProcessHandle.Info info = ((Process) running.get(process)).info();
      apiServerCommand = new java.util.ArrayList<>();
      apiServerCommand.add(info.command().orElseThrow());
      apiServerCommand.addAll(java.util.List.of(info.arguments().orElseThrow()));
      if (kill) {
        // told the stop is intended, as its own stop does, or it tears down etcd too
        var stopped = process.getClass().getDeclaredField("stopped");
        stopped.setAccessible(true);
        stopped.setBoolean(process, true);
        Process apiServer = (Process) running.get(process);
        apiServer.destroyForcibly();
        apiServer.waitFor();
      } else {
        process.getClass().getMethod("stopApiServer").invoke(process);
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("kube-api-test changed; cannot stop its API server", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Freezes kube-apiserver (SIGSTOP): its connections stay open and nothing answers, as when the
   * network to it is cut or it hangs. {@link #thawApiServer()} lets it go on.
   */
  public void freezeApiServer() {
    signalApiServer("-STOP");
  }

  public void thawApiServer() {
    signalApiServer("-CONT");
  }

  private synchronized void signalApiServer(String signal) {
    try {
      Process apiServer = restarted;
      if (apiServer == null) {
        var field = KubeAPIServer.class.getDeclaredField("kubeApiServerProcess");
        field.setAccessible(true);
        Object process = field.get(server);
        var running = process.getClass().getDeclaredField("apiServerProcess");
        running.setAccessible(true);
        apiServer = (Process) running.get(process);
      }
      int code =
          new ProcessBuilder("kill", signal, Long.toString(apiServer.pid()))
              .inheritIO()
              .start()
              .waitFor();
      if (code != 0) {
        throw new IllegalStateException("kill " + signal + " exited with " + code);
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("kube-api-test changed; cannot reach its API server", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts kube-apiserver again with the command line it had, and waits until it answers. */
  public synchronized void startApiServer() {
    try {
      restarted =
          new ProcessBuilder(apiServerCommand)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("kube-apiserver-restarted.log").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () ->
                admin.getKubernetesVersion() != null
                    && admin.namespaces().withName("default").get() != null);
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
