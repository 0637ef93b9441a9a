package io.github.pineconeimport;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.github.pineconeimport.PineconeImportOperator.Termination;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.observability.HealthServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator as a process in a pod: health and metrics endpoints, the operator, and the way it
 * ends. SIGTERM stops it gracefully (JOSDK installs no shutdown hook when leader election is on); a
 * lost lease stops it and exits non-zero, so the kubelet restarts it as a fresh candidate.
 */
public final class OperatorProcess implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OperatorProcess.class);

  private final PineconeImportOperator operator;
  private final HealthServer health;
  private final KubernetesClient client;
  private boolean closed;

  private OperatorProcess(
      PineconeImportOperator operator, HealthServer health, KubernetesClient client) {
    this.operator = operator;
    this.health = health;
    this.client = client;
  }

  /** The {@code run} command: blocks until the operator ends; returns the exit code. */
  public static int run(Map<String, String> env) {
    return run(
        env,
        () -> new KubernetesClientBuilder().build(),
        Runtime.getRuntime()::addShutdownHook,
        process -> {});
  }

  /**
   * {@link #run(Map)} with what a test replaces: where the Kubernetes client comes from, where the
   * SIGTERM hook goes (the JVM's in production) and a poll at the process once it started. On a
   * lost lease it returns 1 with the process still up, so /readyz answers 503 until the caller
   * exits (System.exit runs the hook, which closes it).
   */
  static int run(
      Map<String, String> env,
      Supplier<KubernetesClient> clients,
      Consumer<Thread> shutdownHooks,
      Consumer<OperatorProcess> started) {
    OperatorConfig config;
    try {
      config = OperatorConfig.fromEnv(env);
    } catch (IllegalArgumentException e) {
      System.err.println("Configuration error: " + e.getMessage());
      return 2;
    }
    var client = clients.get();
    log.info(
        "Starting against {} watching {}; allowed hosts: {}",
        client.getMasterUrl(),
        config.watchNamespaces().isEmpty() ? "all namespaces" : config.watchNamespaces(),
        config.allowedHosts());
    OperatorProcess process;
    try {
      process = start(client, config);
    } catch (RuntimeException e) {
      // JOSDK's exception is a dozen nested "Couldn't start ..." lines; say what to check
      log.error(
          "Could not start: {}. Check that the Kubernetes API at {} is reachable with the current"
              + " kubeconfig or in-cluster account, that the CRD is installed (kubectl apply -f"
              + " crds/) and that the RBAC in deploy/ is applied.",
          rootCause(e),
          client.getMasterUrl());
      client.close();
      return 1;
    }
    shutdownHooks.accept(new Thread(process::close, "shutdown"));
    started.accept(process);
    Termination end = process.operator.terminated().join();
    if (end == Termination.LEASE_LOST) {
      return 1;
    }
    return 0; // stopped by the shutdown hook, which finishes the job
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  /**
   * Starts the health server first, so probes get answers (not refused connections) while the
   * informers sync, then the operator.
   */
  public static OperatorProcess start(KubernetesClient client, OperatorConfig config) {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    var running = new AtomicReference<PineconeImportOperator>();
    HealthServer health;
    try {
      health =
          HealthServer.start(
              config.healthPort(),
              // still starting counts as alive: JOSDK gives up on its own if caches never sync
              () -> running.get() == null || running.get().isHealthy(),
              () -> running.get() != null && running.get().isReady(),
              registry::scrape);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot listen on " + OperatorConfig.HEALTH_PORT + "=" + config.healthPort(), e);
    }
    try {
      running.set(PineconeImportOperator.start(client, config, Clock.systemUTC(), registry));
    } catch (RuntimeException e) {
      health.close();
      throw e;
    }
    return new OperatorProcess(running.get(), health, client);
  }

  public PineconeImportOperator operator() {
    return operator;
  }

  public int healthPort() {
    return health.port();
  }

  /** Idempotent: the shutdown hook runs it even after a lost lease already stopped the operator. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    log.info("Shutting down");
    operator.close();
    health.close();
    client.close();
  }
}
