package io.github.pineconeimport;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.events.ImportEventRecorder;
import io.github.pineconeimport.observability.OperatorMetrics;
import io.github.pineconeimport.pinecone.PineconeClient;
import io.github.pineconeimport.reconciler.PineconeImportReconciler;
import io.github.pineconeimport.status.PollSchedule;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The composition root: builds every part with {@code new} and starts JOSDK. Tests, the demo and
 * the benchmark call {@link #start} with their own client and clock, so they run the same wiring
 * that ships.
 */
public final class PineconeImportOperator implements AutoCloseable {

  private final Operator operator;
  private final OperatorMetrics metrics;
  private final ImportEventRecorder events;

  private PineconeImportOperator(
      Operator operator, OperatorMetrics metrics, ImportEventRecorder events) {
    this.operator = operator;
    this.metrics = metrics;
    this.events = events;
  }

  public static PineconeImportOperator start(
      KubernetesClient client, OperatorConfig config, Clock clock, MeterRegistry registry) {
    var metrics = new OperatorMetrics(registry);
    var pinecone = new PineconeClient(config.http(), clock, metrics);
    var events = new ImportEventRecorder(client, clock, config.podName());
    events.addListener((resource, event) -> metrics.onEvent(event));
    var schedule =
        new PollSchedule(config.maxBackoff(), config.stalledRetry(), RandomGenerator.getDefault());
    var reconciler =
        new PineconeImportReconciler(
            pinecone, config.allowedHosts(), schedule, events, metrics, clock);

    var operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  // the Fabric8 mock API server has no server-side apply; JSON Patch works on both
                  .withUseSSAToPatchPrimaryResource(false)
                  .withCloseClientOnStop(false)
                  .withConcurrentReconciliationThreads(config.reconcileThreads());
              if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(
                        config.leaderElectionLeaseName(),
                        config.leaderElectionNamespace().isEmpty()
                            ? null
                            : config.leaderElectionNamespace(),
                        config.podName().isEmpty() ? null : config.podName()));
              }
            });
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
    operator.start();
    return new PineconeImportOperator(operator, metrics, events);
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

  @Override
  public void close() {
    operator.stop();
  }

  /** Group/kind as kubectl prints them, for log lines. */
  public static String resourceKind() {
    return PineconeImport.KIND + "." + PineconeImport.GROUP;
  }
}
