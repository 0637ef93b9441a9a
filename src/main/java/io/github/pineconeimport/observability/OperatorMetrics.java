package io.github.pineconeimport.observability;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.lifecycle.StartQueue;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.pinecone.PineconeClient;
import io.github.pineconeimport.status.ImportEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The operator's own Prometheus series: Pinecone requests by outcome and their latency, status
 * writes, events, imports by phase and leadership. Also the counters the benchmark and tests read.
 */
public class OperatorMetrics implements PineconeClient.Listener {

  /** Phases with a series of their own; anything else (or no phase yet) counts as Unknown. */
  static final List<String> PHASES =
      List.of(
          BulkImport.PENDING,
          BulkImport.IN_PROGRESS,
          BulkImport.COMPLETED,
          BulkImport.FAILED,
          BulkImport.CANCELLED,
          StartQueue.QUEUED);

  static final String UNKNOWN_PHASE = "Unknown";

  /** Bucket bounds of pinecone_request_duration: 11 series per operation. */
  static final Duration[] LATENCY_BUCKETS =
      Stream.of(10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000)
          .map(Duration::ofMillis)
          .toArray(Duration[]::new);

  /** Outcomes of a failed status write: the API server's answer class, or none at all. */
  static final List<String> FAILURE_OUTCOMES = List.of("4xx", "5xx", "error");

  private static final Pattern STATUS_PATH = Pattern.compile(".*/pineconeimports/[^/]+/status$");

  private final MeterRegistry registry;
  private final Counter statusWrites;
  private final Counter notCancelled;
  private final Map<String, Counter> statusWriteFailures = new ConcurrentHashMap<>();
  // looked up once per tag set: building and registering a meter on every request costs more
  // than the request's own bookkeeping (tag sorting, id hashing, registry lookup)
  private final Map<String, Counter> requests = new ConcurrentHashMap<>();
  private final Map<String, Timer> latencies = new ConcurrentHashMap<>();

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.statusWrites =
        Counter.builder("pinecone_import_status_writes")
            .description("Status writes to PineconeImport resources")
            .register(registry);
    this.notCancelled =
        Counter.builder("pinecone_imports_not_cancelled")
            .description(
                "Imports whose resource was deleted while the import may still run in Pinecone"
                    + " (its cancel could not be sent)")
            .register(registry);
    // registered up front, so an alert on them has a series (at 0) before the first failure
    for (String outcome : FAILURE_OUTCOMES) {
      statusWriteFailures.put(
          outcome,
          Counter.builder("pinecone_import_status_write_failures")
              .description(
                  "Status writes to PineconeImport resources the API server refused (4xx, 5xx) or"
                      + " never answered (error); conflicts (409) and resources already gone (404)"
                      + " are not failures")
              .tag("outcome", outcome)
              .register(registry));
    }
  }

  /** A resource let go without a confirmed cancel of its import. */
  public void onImportNotCancelled() {
    notCancelled.increment();
  }

  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public void onResponse(String operation, int statusCode, Duration latency) {
    String outcome = statusCode == 0 ? "error" : (statusCode / 100) + "xx";
    requests
        .computeIfAbsent(
            operation + " " + outcome,
            k ->
                Counter.builder("pinecone_requests")
                    .description(
                        "Requests sent to Pinecone, by operation and outcome (status class or"
                            + " error)")
                    .tag("operation", operation)
                    .tag("outcome", outcome)
                    .register(registry))
        .increment();
    latencies
        .computeIfAbsent(
            operation,
            k ->
                Timer.builder("pinecone_request_duration")
                    .description("Latency of requests to Pinecone")
                    .tag("operation", operation)
                    // a few fixed buckets, for quantiles in Prometheus (histogram_quantile)
                    .serviceLevelObjectives(LATENCY_BUCKETS)
                    .register(registry))
        .record(latency);
  }

  public void onStatusWrite() {
    statusWrites.increment();
  }

  /**
   * Counts failed status writes as the HTTP client sees them, on the operator's own Kubernetes
   * client: every status write goes through it, whichever code path sends it. A 409 is the
   * optimistic lock doing its job (the reconcile runs again on fresh data) and a 404 a resource
   * deleted meanwhile; neither needs a person.
   */
  public Interceptor statusWriteFailures() {
    return new Interceptor() {
      @Override
      public void after(
          HttpRequest request,
          HttpResponse<?> response,
          AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        failedStatusWrite(request.method(), request.uri().getPath(), response.code())
            .ifPresent(outcome -> statusWriteFailures.get(outcome).increment());
      }

      @Override
      public void afterConnectionFailure(HttpRequest request, Throwable failure) {
        failedStatusWrite(request.method(), request.uri().getPath(), 0)
            .ifPresent(outcome -> statusWriteFailures.get(outcome).increment());
      }
    };
  }

  /**
   * The outcome under which this answer counts as a failed status write (code 0: no answer), or
   * empty when it is not a status write or not a failure.
   */
  static Optional<String> failedStatusWrite(String method, String path, int code) {
    boolean statusWrite =
        ("PATCH".equals(method) || "PUT".equals(method)) && STATUS_PATH.matcher(path).matches();
    if (!statusWrite || (code >= 200 && code < 400) || code == 404 || code == 409) {
      return Optional.empty();
    }
    return Optional.of(code == 0 ? "error" : code >= 500 ? "5xx" : "4xx");
  }

  /** Failed status writes counted so far, every outcome. */
  public double statusWriteFailureCount() {
    return statusWriteFailures.values().stream().mapToDouble(Counter::count).sum();
  }

  public void onEvent(ImportEvent event) {
    Counter.builder("pinecone_import_events")
        .description("Kubernetes events raised, by reason")
        .tag("reason", event.reason().name())
        .tag("type", event.type().name())
        .register(registry)
        .increment();
  }

  /**
   * pinecone_imports{phase}: read from the informer cache at scrape time, so it costs no API call
   * and cannot drift from what the operator sees. Every replica reports it (standbys keep their
   * caches warm), so aggregate with max, not sum.
   */
  public void countImportsByPhase(Supplier<Stream<PineconeImport>> imports) {
    for (String phase : PHASES) {
      importsGauge(phase, imports, i -> phase.equals(phaseOf(i)));
    }
    importsGauge(UNKNOWN_PHASE, imports, i -> !PHASES.contains(phaseOf(i)));
  }

  private void importsGauge(
      String phase, Supplier<Stream<PineconeImport>> imports, Predicate<PineconeImport> inPhase) {
    Gauge.builder(
            "pinecone_imports",
            () -> {
              try {
                return imports.get().filter(inPhase).count();
              } catch (RuntimeException cacheNotStarted) {
                return Double.NaN; // Prometheus' "no value", not a misleading 0
              }
            })
        .description("PineconeImport resources by status.phase, as this replica's cache sees them")
        .tag("phase", phase)
        .register(registry);
  }

  /** pinecone_import_operator_leader: 1 on the replica that reconciles; the sum should be 1. */
  public void reportLeadership(BooleanSupplier leading) {
    Gauge.builder("pinecone_import_operator_leader", () -> leading.getAsBoolean() ? 1 : 0)
        .description("1 when this replica holds the lease and reconciles")
        .register(registry);
  }

  private static String phaseOf(PineconeImport resource) {
    return resource.getStatus() == null ? null : resource.getStatus().getPhase();
  }

  public double statusWrites() {
    return statusWrites.count();
  }

  /** Sum of pinecone_requests over all tags. */
  public double pineconeRequests() {
    return registry.find("pinecone_requests").counters().stream().mapToDouble(Counter::count).sum();
  }
}
