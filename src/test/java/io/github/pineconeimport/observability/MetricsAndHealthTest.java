package io.github.pineconeimport.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.pineconeimport.OperatorProcess;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.fake.ImportScript;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.testing.OperatorHarness;
import io.github.pineconeimport.testing.TestResources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What Prometheus and the kubelet see: the operator wired as {@code java -jar ... run} wires it
 * (Prometheus registry, health server, leader election), scraped over HTTP after an import
 * completed.
 */
class MetricsAndHealthTest {

  static final ImportScript COMPLETES =
      new ImportScript(
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofSeconds(10),
          3,
          900,
          BulkImport.COMPLETED,
          null);

  OperatorHarness h;
  OperatorProcess process;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    h =
        OperatorHarness.withoutOperator(
            Map.of(
                OperatorConfig.LEADER_ELECTION,
                "true",
                OperatorConfig.LEADER_ELECTION_NAMESPACE,
                TestResources.NAMESPACE));
    process = h.startProcess(Map.of(OperatorConfig.POD_NAME, "replica-a"), "metrics-test");
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void healthAndReadinessAnswerForAStartedOperator() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    assertThat(get("/readyz").body()).isEqualTo("ok\n");
  }

  @Test
  void afterAnImportCompletesTheScrapeShowsItsRequestsWritesEventsAndPhase() throws Exception {
    h.createSecret(TestResources.API_KEY);
    h.pinecone.seed("401", COMPLETES);
    await().atMost(Duration.ofSeconds(20)).until(process.operator()::isLeader);
    h.createImport("products", "401");
    h.awaitPhase("products", "Pending");
    h.pineconeClock.advance(Duration.ofMinutes(5));
    h.awaitPhase("products", "Completed");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> TestResources.eventsFor(h.client, "products").size() == 1);

    HttpResponse<String> scrape = get("/metrics");
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.headers().firstValue("Content-Type")).hasValue(HealthServer.PROMETHEUS_TEXT);
    var series = parse(scrape.body());

    int requests = h.pinecone.requestsFor("401").size();
    assertThat(series)
        .containsEntry(
            "pinecone_requests_total{operation=\"describe\",outcome=\"2xx\"}", (double) requests);
    assertThat(series)
        .containsEntry(
            "pinecone_request_duration_seconds_count{operation=\"describe\"}", (double) requests);
    h.kube.settle();
    assertThat(series)
        .containsEntry(
            "pinecone_import_status_writes_total", (double) h.kube.statusWrites("products"));
    assertThat(series)
        .containsEntry(
            "pinecone_import_events_total{reason=\"ImportCompleted\",type=\"Normal\"}", 1.0);
    assertThat(series)
        .containsEntry("pinecone_imports{phase=\"Completed\"}", 1.0)
        .containsEntry("pinecone_imports{phase=\"Pending\"}", 0.0)
        .containsEntry("pinecone_imports{phase=\"Unknown\"}", 0.0);
    assertThat(series).containsEntry("pinecone_import_operator_leader", 1.0);

    // JOSDK's own series, aggregated per resource type: no label per import
    assertThat(series.keySet())
        .anyMatch(
            k ->
                k.startsWith("operator_sdk_reconciliations_started_total{")
                    && k.contains("kind=\"PineconeImport\""));
    assertThat(series.keySet())
        .anyMatch(k -> k.startsWith("operator_sdk_controllers_execution_reconcile_seconds_count"));
    assertThat(scrape.body()).doesNotContain("\"products\"");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + process.healthPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Prometheus text format: series (name and labels, as printed) to value; comments skipped. */
  private static Map<String, Double> parse(String body) {
    Map<String, Double> series = new LinkedHashMap<>();
    for (String line : body.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return series;
  }
}
