package io.github.pineconeimport;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.events.ImportEventRecorder;
import io.github.pineconeimport.leader.Leadership;
import io.github.pineconeimport.lifecycle.StartPlan;
import io.github.pineconeimport.observability.OperatorMetrics;
import io.github.pineconeimport.pinecone.HostBudget;
import io.github.pineconeimport.pinecone.PineconeClient;
import io.github.pineconeimport.reconciler.Decide;
import io.github.pineconeimport.reconciler.DecisionActor;
import io.github.pineconeimport.reconciler.ImportDeletion;
import io.github.pineconeimport.reconciler.ImportFinder;
import io.github.pineconeimport.reconciler.ImportMemory;
import io.github.pineconeimport.reconciler.ImportObserver;
import io.github.pineconeimport.reconciler.ImportStarter;
import io.github.pineconeimport.reconciler.PineconeAccess;
import io.github.pineconeimport.reconciler.PineconeImportReconciler;
import io.github.pineconeimport.reconciler.QueueGate;
import io.github.pineconeimport.reconciler.ShallowCloner;
import io.github.pineconeimport.reconciler.StatusWrites;
import io.github.pineconeimport.secrets.SecretEventSource;
import io.github.pineconeimport.secrets.SecretMetadata;
import io.github.pineconeimport.status.PollSchedule;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part with {@code new} and starts JOSDK. Tests, the demo and
 * the benchmark call {@link #start} with their own client and clock, so they run the same wiring
 * that ships.
 */
public final class PineconeImportOperator implements AutoCloseable {

  /** Why the operator stopped: asked to, or it lost the lease to another replica. */
  public enum Termination {
    STOPPED,
    LEASE_LOST
  }

  private static final Logger log = LoggerFactory.getLogger(PineconeImportOperator.class);

  private final Operator operator;
  private final OperatorMetrics metrics;
  private final ImportEventRecorder events;
  private final KubernetesClient client;

  /** True when start built its own fail-fast client, which then is its to close. */
  private final boolean ownsClient;

  private final Optional<Leadership> leadership;
  private final Controller<PineconeImport> controller;
  private final CompletableFuture<Termination> terminated = new CompletableFuture<>();
  private boolean closed;

  private PineconeImportOperator(
      Operator operator,
      OperatorMetrics metrics,
      ImportEventRecorder events,
      KubernetesClient client,
      boolean ownsClient,
      Optional<Leadership> leadership,
      Controller<PineconeImport> controller) {
    this.operator = operator;
    this.metrics = metrics;
    this.events = events;
    this.client = client;
    this.ownsClient = ownsClient;
    this.leadership = leadership;
    this.controller = controller;
  }

  public static PineconeImportOperator start(
      KubernetesClient given, OperatorConfig config, Clock clock, MeterRegistry registry) {
    var metrics = new OperatorMetrics(registry);
    KubernetesClient client = failFast(given, metrics.statusWriteFailures());
    var pinecone = new PineconeClient(config.http(), clock, metrics);
    var events = new ImportEventRecorder(client, clock, config.podName(), config.podNamespace());
    events.addListener((resource, event) -> metrics.onEvent(event));
    var schedule =
        new PollSchedule(config.maxBackoff(), config.stalledRetry(), RandomGenerator.getDefault());
    // a host that hangs holds at most half the reconcile threads; the rest serve other hosts
    var budget =
        new HostBudget(
            HostBudget.Settings.of(
                config.hostRequestsPerSecond(), Math.max(1, config.reconcileThreads() / 2)),
            clock);
    var reconciler =
        new PineconeImportReconciler(
            reconcilerParts(config, clock, pinecone, events, metrics, schedule, budget));

    Optional<Leadership> leadership =
        config.leaderElection() ? Optional.of(Leadership.from(config, client)) : Optional.empty();
    var operator =
        new Operator(
            o -> {
              josdkSettings(client, config, registry).accept(o);
              leadership.ifPresent(l -> o.withLeaderElectionConfiguration(l.configuration()));
            });
    var registered =
        operator.register(
            reconciler,
            c -> {
              if (!config.watchNamespaces().isEmpty()) {
                c.settingNamespaces(config.watchNamespaces());
              }
              // Pinecone trouble never throws (it is rescheduled with backoff); only Kubernetes API
              // errors reach JOSDK's retry, which must not give up and strand an import.
              c.withRetry(
                  GenericRetry.defaultLimitedExponentialRetry()
                      .withoutMaxAttempts()
                      .setMaxInterval(Duration.ofMinutes(5).toMillis()));
            });
    // JOSDK exposes the primary cache only on the Controller behind RegisteredController
    var controller = (Controller<PineconeImport>) registered;
    metrics.countImportsByPhase(
        () -> controller.getEventSourceManager().getControllerEventSource().list());
    metrics.reportLeadership(() -> leadership.map(Leadership::isLeader).orElse(true));
    var running =
        new PineconeImportOperator(
            operator, metrics, events, client, client != given, leadership, controller);
    // not on the elector's thread: stopping waits for JOSDK's executors, which include that one
    leadership.ifPresent(
        l ->
            l.lost()
                .thenRunAsync(
                    running::stopAfterLosingLease,
                    runnable -> new Thread(runnable, "lease-lost").start()));
    operator.start();
    return running;
  }

  /**
   * How the operator sets up JOSDK, apart from leader election; public so that the bench's {@code
   * --floor} measures JOSDK's round exactly as the operator runs it.
   */
  public static Consumer<ConfigurationServiceOverrider> josdkSettings(
      KubernetesClient client, OperatorConfig config, MeterRegistry registry) {
    return o ->
        o.withKubernetesClient(client)
            // the Fabric8 mock API server has no server-side apply; JSON Patch works on both
            .withUseSSAToPatchPrimaryResource(false)
            .withCloseClientOnStop(false)
            .withResourceCloner(new ShallowCloner(client.getKubernetesSerialization()::clone))
            .withConcurrentReconciliationThreads(config.reconcileThreads())
            // per-resource tags would add series for every import ever seen
            .withMetrics(
                MicrometerMetrics.newMicrometerMetricsBuilder(registry)
                    .notCollectingMetricsPerResource()
                    .build())
            .withReconciliationTerminationTimeout(config.shutdownTimeout());
  }

  public Operator operator() {
    return operator;
  }

  public OperatorMetrics metrics() {
    return metrics;
  }

  public ImportEventRecorder events() {
    return events;
  }

  /** How many Secret values this replica holds now (only those its imports name). */
  public int secretValuesHeld() {
    return ((SecretEventSource)
            controller.getEventSourceManager().getEventSourceFor(SecretMetadata.class, null))
        .valuesHeld();
  }

  /** Completes once the operator has stopped, with the reason. */
  public CompletableFuture<Termination> terminated() {
    return terminated;
  }

  /**
   * Live: the operator runs. Not tied to the API server: a pod restarted while the API server is
   * away comes back no better, so an outage must not turn into a crash loop.
   */
  public boolean isHealthy() {
    return operator.getRuntimeInfo().isStarted();
  }

  /**
   * Ready: started, caches synced and every informer connected (a standby replica is ready too);
   * 503 while the API server is away, because what this replica knows may be stale.
   */
  public boolean isReady() {
    var info = operator.getRuntimeInfo();
    return info.isStarted() && info.allEventSourcesAreHealthy();
  }

  /** True while this replica reconciles (always, without leader election). */
  public boolean isLeader() {
    return leadership.map(Leadership::isLeader).orElse(true);
  }

  /**
   * Stops reconciling: no new reconcile starts, running ones get the shutdown timeout to finish,
   * then the lease is handed over. Idempotent; the SIGTERM hook and a lost lease may both call it.
   */
  @Override
  public void close() {
    stop(Termination.STOPPED);
  }

  private void stopAfterLosingLease() {
    stop(Termination.LEASE_LOST);
  }

  private synchronized void stop(Termination reason) {
    if (closed) {
      return;
    }
    closed = true;
    leadership.ifPresent(Leadership::stepDown);
    log.info(
        "Stopping ({}); waiting up to {} for running reconciles",
        reason,
        operator.getConfigurationService().reconciliationTerminationTimeout());
    operator.stop();
    leadership.ifPresent(l -> l.release(client));
    if (ownsClient) {
      client.close();
    }
    terminated.complete(reason);
  }

  /**
   * The caller's client (same server, identity, User-Agent) with Fabric8's own request retries cut
   * to two quick ones (100 and 200 ms). Its default backs off up to ten times, to 51 s per wait: a
   * status write caught in it during an API server outage held its import for up to that long after
   * the server came back. Failing fast leaves the retrying to JOSDK and to {@code
   * CatchUpAfterOutage}, which know when the server is back.
   */
  static KubernetesClient failFast(KubernetesClient client, Interceptor statusWriteFailures) {
    if (client.getConfiguration().getRequestRetryBackoffLimit() <= REQUEST_RETRIES) {
      // fails fast already: keep the caller's client, and whatever it carries (the bench counts
      // the operator's requests with an interceptor on it); failed status writes go uncounted
      return client;
    }
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(REQUEST_RETRIES)
                .build())
        .withHttpClientBuilderConsumer(
            b -> b.addOrReplaceInterceptor("status-write-failures", statusWriteFailures))
        .build();
  }

  public static final int REQUEST_RETRIES = 2;

  /** Group/kind as kubectl prints them, for log lines. */
  public static String resourceKind() {
    return PineconeImport.KIND + "." + PineconeImport.GROUP;
  }

  /** The composition root of a reconcile: every collaborator is built here and only here. */
  public static PineconeImportReconciler.Parts reconcilerParts(
      OperatorConfig config,
      Clock clock,
      PineconeClient pinecone,
      ImportEventRecorder events,
      OperatorMetrics metrics,
      PollSchedule schedule,
      HostBudget budget) {
    var startPlan =
        new StartPlan(
            new StartPlan.Settings(config.startInFlightWindow(), config.startClockSkew()));
    var memory = new ImportMemory(clock, budget);
    var access =
        new PineconeAccess(
            config.allowedHosts(), config.secretLabelSelector(), config.pineconeApiVersion());
    var writes = new StatusWrites(events, metrics);
    var finder = new ImportFinder(pinecone, startPlan);
    var queue = new QueueGate(config.maxRunningImportsPerIndex(), pinecone, startPlan, clock);
    var starter =
        new ImportStarter(
            pinecone,
            startPlan,
            writes,
            finder,
            memory,
            queue,
            config.maxRunningImportsPerIndex(),
            clock);
    var deletion =
        new ImportDeletion(
            pinecone,
            startPlan,
            schedule,
            finder,
            events,
            metrics,
            access,
            memory,
            config.deletionTimeout(),
            clock);
    var decide = new Decide(schedule);
    return new PineconeImportReconciler.Parts(
        new ImportObserver(pinecone, access, starter, memory, budget, clock),
        decide,
        new DecisionActor(pinecone, writes, events, memory, decide, clock),
        deletion,
        memory,
        access,
        writes,
        clock,
        config.secretLabelSelector());
  }
}
