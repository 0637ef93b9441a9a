package io.github.pineconeimport.observability;

import io.github.pineconeimport.pinecone.PineconeClient;
import io.github.pineconeimport.status.ImportEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The operator's own Prometheus series: Pinecone requests by outcome and their latency, status
 * writes and events. Also the counters the benchmark and tests read.
 */
public class OperatorMetrics implements PineconeClient.Listener {

  private final MeterRegistry registry;
  private final Counter statusWrites;

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.statusWrites =
        Counter.builder("pinecone_import_status_writes")
            .description("Status writes to PineconeImport resources")
            .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public void onResponse(String operation, int statusCode, Duration latency) {
    String outcome = statusCode == 0 ? "error" : (statusCode / 100) + "xx";
    Counter.builder("pinecone_requests")
        .description("Requests sent to Pinecone, by operation and outcome (status class or error)")
        .tag("operation", operation)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
    Timer.builder("pinecone_request_duration")
        .description("Latency of requests to Pinecone")
        .tag("operation", operation)
        .register(registry)
        .record(latency);
  }

  public void onStatusWrite() {
    statusWrites.increment();
  }

  public void onEvent(ImportEvent event) {
    Counter.builder("pinecone_import_events")
        .description("Kubernetes events raised, by reason")
        .tag("reason", event.reason())
        .tag("type", event.type().name())
        .register(registry)
        .increment();
  }

  public double statusWrites() {
    return statusWrites.count();
  }

  /** Sum of pinecone_requests over all tags. */
  public double pineconeRequests() {
    return registry.find("pinecone_requests").counters().stream().mapToDouble(Counter::count).sum();
  }
}
