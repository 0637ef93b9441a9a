package io.github.pineconeimport.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.pineconeimport.OperatorProcess;
import io.github.pineconeimport.api.v1alpha1.DeletionPolicy;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.fake.Fault;
import io.github.pineconeimport.lifecycle.Cleanup;
import io.github.pineconeimport.testing.OperatorHarness;
import io.github.pineconeimport.testing.TestResources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every series an alert or a dashboard panel queries exists: either in a live scrape of the
 * operator's /metrics (wired as {@code java -jar ... run} wires it, after an import completed,
 * Pinecone answered 4xx and 5xx and status writes failed) or among the series the
 * kube-state-metrics configuration produces. A misspelled metric or label name in a rule or a panel
 * fails here.
 */
class SeriesCoverageTest {

  /** Labels Prometheus adds to every series of a target scraped through a ServiceMonitor. */
  static final Set<String> TARGET_LABELS =
      Set.of("namespace", "pod", "service", "endpoint", "container", "job", "instance");

  static OperatorHarness h;
  static OperatorProcess process;
  static Scrape scrape;

  @BeforeAll
  static void scrapeAnOperatorThatSawItAll() throws Exception {
    h = OperatorHarness.withoutOperator(Map.of());
    process = h.startProcess(Map.of(OperatorConfig.POD_NAME, "replica-a"), "coverage-test");
    h.createSecret(TestResources.API_KEY);
    h.pinecone.seed("501", MetricsAndHealthTest.COMPLETES);
    h.pinecone.seed("502", MetricsAndHealthTest.COMPLETES);
    h.pinecone.seed("503", MetricsAndHealthTest.COMPLETES);
    h.pinecone.fault("502", Fault.status(500, "Internal error"));
    h.pinecone.fault("503", Fault.status(403, "Forbidden"));
    // the first status write of this one fails three times (each of Fabric8's tries) with 500
    h.kube.failStatusWrites("products", "PATCH", 500, 3);
    // a conflict is the optimistic lock at work, not a failure
    h.kube.failStatusWrites("conflicted", "PATCH", 409, 1);
    h.createImport("products", "501");
    h.createImport("flaky", "502");
    h.createImport("forbidden", "503");
    h.createImport("conflicted", "501");
    h.awaitPhase("products", "Pending");
    h.pineconeClock.advance(Duration.ofMinutes(5));
    h.awaitPhase("products", "Completed");
    h.awaitPhase("conflicted", "Completed");
    await().atMost(Duration.ofSeconds(10)).until(() -> h.kube.pendingFaults() == 0);
    h.awaitStatus(
        "forbidden",
        s ->
            s.getConditions().stream()
                .anyMatch(c -> "Stalled".equals(c.getType()) && "True".equals(c.getStatus())));
    // deleted while Pinecone refuses its cancel: the operator lets it go, and counts it
    h.pinecone.seed("504", MetricsAndHealthTest.COMPLETES);
    var letGo = h.importOf("let-go", "504");
    letGo.getSpec().setDeletionPolicy(DeletionPolicy.Cancel);
    h.client.resource(letGo).create();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> h.get("let-go").getMetadata().getFinalizers().contains(Cleanup.FINALIZER));
    // one per request: a poll may take one before the cancel does
    h.pinecone.fault(
        "504",
        Fault.status(403, "Forbidden"),
        Fault.status(403, "Forbidden"),
        Fault.status(403, "Forbidden"));
    h.client.resource(h.get("let-go")).delete();
    h.awaitGone("let-go");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Scrape.parse(get()).sum("pinecone_requests_total", "outcome=\"5xx\"") > 0);
    scrape = Scrape.parse(get());
  }

  @AfterAll
  static void stop() {
    if (h != null) {
      h.close();
    }
  }

  static String get() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + process.healthPort() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void failedStatusWritesAreCountedByOutcome() {
    assertThat(scrape.sum("pinecone_import_status_write_failures_total", "outcome=\"5xx\""))
        .isEqualTo(3.0);
    assertThat(scrape.sum("pinecone_import_status_write_failures_total", "outcome=\"4xx\""))
        .isZero();
    assertThat(scrape.sum("pinecone_import_status_write_failures_total", "outcome=\"error\""))
        .isZero();
    assertThat(scrape.sum("operator_sdk_reconciliations_failed_total")).isPositive();
  }

  @Test
  void aResourceDeletedWithoutItsCancelIsCounted() {
    // registered at start, so the alert's increase() sees the step from 0 to 1
    assertThat(scrape.sum("pinecone_imports_not_cancelled_total")).isEqualTo(1.0);
  }

  @Test
  void everySeriesTheAlertsQueryExists() throws Exception {
    List<String> missing = new ArrayList<>();
    for (var rule : PrometheusRules.load(PrometheusRules.RULES_FILE).rules()) {
      missing.addAll(unknown(rule.name(), rule.expr()));
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void everySeriesTheDashboardQueriesExists() throws Exception {
    List<String> missing = new ArrayList<>();
    for (var panel : Dashboard.load(Dashboard.FILE).queries()) {
      missing.addAll(unknown(panel.title(), Dashboard.withSampleVariables(panel.expr())));
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void theKnownSeriesAreNotEmpty() {
    // a guard for the two above: they compare against something real
    assertThat(known())
        .containsKeys("pinecone_import_operator_leader", "kube_pineconeimport_status_phase");
  }

  /**
   * Series name to label names: the scrape (plus target labels) and the kube-state-metrics ones.
   */
  static Map<String, Set<String>> known() {
    Map<String, Set<String>> known = new TreeMap<>();
    scrape
        .labelsByName()
        .forEach(
            (name, labels) -> {
              Set<String> all = new TreeSet<>(labels);
              all.addAll(TARGET_LABELS);
              known.put(name, all);
            });
    known.putAll(CustomResourceState.load(RealServerKubeStateMetricsIT.CONFIG).seriesNames());
    return known;
  }

  static List<String> unknown(String where, String expr) {
    Map<String, Set<String>> known = known();
    List<String> problems = new ArrayList<>();
    Set<String> reachable = new HashSet<>();
    for (var selector : PromQl.selectors(expr)) {
      reachable.addAll(known.getOrDefault(selector.name(), Set.of()));
      Set<String> labels = known.get(selector.name());
      if (labels == null) {
        problems.add(where + ": no series " + selector.name());
        continue;
      }
      Set<String> unknownLabels = new HashSet<>(selector.labels());
      unknownLabels.removeAll(labels);
      if (!unknownLabels.isEmpty()) {
        problems.add(where + ": " + selector.name() + " has no label " + unknownLabels);
      }
    }
    // a label grouped or joined on must be on one of the series the expression reads
    for (String label : PromQl.groupingLabels(expr)) {
      if (!reachable.contains(label)) {
        problems.add(where + ": no series it reads has the label " + label);
      }
    }
    return problems;
  }
}
