package io.github.pineconeimport.reconciler;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.health.EventSourceHealthIndicator;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks every second whether the informers are connected; while they are not (and every few seconds
 * while they are), probes the API server, and once it answers after an outage wakes every import at
 * once ({@link ApiServerWatch}), so status catches up within a poll interval of the API server's
 * return instead of after JOSDK's grown retry backoff. While the server is away this event source
 * reports itself unhealthy, which turns {@code /readyz} to 503 even when the informers' watches
 * still look open.
 */
final class CatchUpAfterOutage extends AbstractEventSource<Void, PineconeImport> {

  static final Duration CHECK_EVERY = Duration.ofSeconds(1);

  /** A probe waits this long for an answer: away is told within seconds, not a request timeout. */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private static final Logger log = LoggerFactory.getLogger(CatchUpAfterOutage.class);

  private final IndexerResourceCache<PineconeImport> imports;
  private final List<EventSourceHealthIndicator> informers;
  private final BooleanSupplier probe;
  private final AutoCloseable probeClient;
  private volatile ApiServerWatch state = ApiServerWatch.CONNECTED;
  private long lastProbe = System.nanoTime();
  private ScheduledExecutorService timer;

  /**
   * @param imports the primary cache, whose imports are woken
   * @param informers the event sources whose watches tell whether the API server is there
   * @param probe a cheap request that returns true if the API server answered
   */
  CatchUpAfterOutage(
      IndexerResourceCache<PineconeImport> imports,
      List<EventSourceHealthIndicator> informers,
      BooleanSupplier probe) {
    this(imports, informers, probe, () -> {});
  }

  private CatchUpAfterOutage(
      IndexerResourceCache<PineconeImport> imports,
      List<EventSourceHealthIndicator> informers,
      BooleanSupplier probe,
      AutoCloseable probeClient) {
    super(Void.class, "catch-up-after-outage");
    this.imports = imports;
    this.informers = informers;
    this.probe = probe;
    this.probeClient = probeClient;
  }

  /**
   * Watches the imports' informer and {@code secrets}; probes with GET /version on a client of its
   * own that neither retries nor waits longer than {@link #PROBE_TIMEOUT}.
   */
  static CatchUpAfterOutage watching(
      EventSourceContext<PineconeImport> context, EventSourceHealthIndicator secrets) {
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(context.getClient().getConfiguration())
                    .withRequestRetryBackoffLimit(0)
                    .withConnectionTimeout((int) PROBE_TIMEOUT.toMillis())
                    .withRequestTimeout((int) PROBE_TIMEOUT.toMillis())
                    .build())
            .build();
    return new CatchUpAfterOutage(
        context.getPrimaryCache(),
        List.of((EventSourceHealthIndicator) context.getPrimaryCache(), secrets),
        () -> {
          try {
            client.getKubernetesVersion();
            return true;
          } catch (RuntimeException away) {
            return false; // KubernetesClientException, or a timeout surfacing as another
          }
        },
        client::close);
  }

  @Override
  public synchronized void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "api-server-watch");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(
        this::check, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    super.start();
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
    try {
      probeClient.close();
    } catch (Exception e) {
      log.debug("Probe client not closed: {}", e.toString());
    }
    super.stop();
  }

  void check() {
    try {
      boolean connected = informers.stream().allMatch(i -> i.getStatus() == Status.HEALTHY);
      var probed = ApiServerWatch.Probe.NOT_ASKED;
      if (state.probeNow(connected, Duration.ofNanos(System.nanoTime() - lastProbe))) {
        lastProbe = System.nanoTime();
        probed =
            probe.getAsBoolean() ? ApiServerWatch.Probe.ANSWERED : ApiServerWatch.Probe.NO_ANSWER;
      }
      var step = state.next(connected, probed);
      if (step.state() != state) {
        log.info("API server: {} -> {}", state, step.state());
      }
      state = step.state();
      if (step.catchUp()) {
        var ids = imports.list().map(ResourceID::fromResource).toList();
        log.info("API server is back; looking at {} imports now", ids.size());
        ids.forEach(id -> getEventHandler().handleEvent(new Event(id)));
      }
    } catch (RuntimeException e) {
      log.warn("API server check failed: {}", e.toString());
    }
  }

  @Override
  public Set<Void> getSecondaryResources(PineconeImport primary) {
    return Set.of();
  }

  /** Unhealthy while the API server is away, so that {@code /readyz} says so. */
  @Override
  public Status getStatus() {
    return state == ApiServerWatch.AWAY ? Status.UNHEALTHY : Status.HEALTHY;
  }
}
