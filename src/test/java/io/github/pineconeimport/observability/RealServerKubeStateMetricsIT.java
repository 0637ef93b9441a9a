package io.github.pineconeimport.observability;

import static io.github.pineconeimport.testing.TestResources.SCRIPT;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.github.pineconeimport.observability.CustomResourceState.Metric;
import io.github.pineconeimport.observability.CustomResourceState.Series;
import io.github.pineconeimport.testing.RealOperatorHarness;
import io.github.pineconeimport.testing.TestResources;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kube-state-metrics configuration against PineconeImports as the real API server stores them:
 * imports driven by the operator through every phase (and a stall), each stored object read back at
 * every step, and every path of the configuration evaluated against them as kube-state-metrics
 * would. A status field renamed in the Java types (the server prunes what the CRD does not know) or
 * in the configuration leaves a metric without a value, and this fails.
 */
class RealServerKubeStateMetricsIT {

  static final Path CONFIG = Path.of("deploy/observability/kube-state-metrics/pineconeimport.yaml");

  static RealOperatorHarness h;
  static final CustomResourceState ksm = CustomResourceState.load(CONFIG);

  /** Every stored object seen, by a name for the step it was read at. */
  static final Map<String, Map<String, Object>> snapshots = new LinkedHashMap<>();

  @BeforeAll
  static void driveImportsThroughEveryPhase() throws Exception {
    h = RealOperatorHarness.start("ksm-config", Map.of());
    h.createSecret(TestResources.API_KEY);
    h.pinecone.seed("701", SCRIPT);
    h.pinecone.seed("702", SCRIPT.failingWith("Invalid parquet file: row 17"));
    h.pinecone.seed("703", SCRIPT);
    // Pinecone's validation skipped 10 of 900 records: the import still completes
    h.pinecone.seed("704", SCRIPT.withValidation(890, 10));
    h.createImport("loads", "701");
    h.createImport("fails", "702");
    h.createImport("cancelled", "703");
    h.createImport("skipped", "704");
    var noSecret = h.importOf("no-secret", "701");
    noSecret.getSpec().getApiKeySecretRef().setName("absent");
    h.client.resource(noSecret).create();

    h.awaitPhase("loads", "Pending");
    snap("loads", "Pending");
    h.awaitStatus("no-secret", s -> !s.getConditions().isEmpty());
    snap("no-secret", "Stalled");
    h.pinecone.cancel("703");
    // InProgress at 0% is the ETA's baseline; 33.3% gives it a rate, and an ETA
    for (double percent : new double[] {0.0, 33.3}) {
      h.pineconeClock.advance(Duration.ofSeconds(10));
      h.awaitStatus("loads", s -> Double.valueOf(percent).equals(s.getPercentComplete()));
    }
    h.awaitStatus("loads", s -> s.getEstimatedCompletionTime() != null);
    snap("loads", "InProgress");
    h.pineconeClock.advance(Duration.ofMinutes(5));
    h.awaitPhase("loads", "Completed");
    snap("loads", "Completed");
    h.awaitPhase("fails", "Failed");
    snap("fails", "Failed");
    h.awaitPhase("cancelled", "Cancelled");
    snap("cancelled", "Cancelled");
    h.awaitPhase("skipped", "Completed");
    snap("skipped", "CompletedWithErrors");
  }

  @AfterAll
  static void stop() {
    if (h != null) {
      h.close();
    }
  }

  @SuppressWarnings("unchecked")
  static void snap(String name, String step) {
    GenericKubernetesResource stored =
        h.client
            .genericKubernetesResources("pinecone.io/v1alpha1", "PineconeImport")
            .inNamespace(h.namespace)
            .withName(name)
            .get();
    snapshots.put(
        step + " " + name, h.client.getKubernetesSerialization().convertValue(stored, Map.class));
  }

  @Test
  void everyMetricYieldsAValueOfTheRightTypeAndNoErrorOnEveryStoredObject() {
    Map<String, List<String>> unresolved = new LinkedHashMap<>();
    for (Metric m : ksm.metrics) {
      List<String> errors = new ArrayList<>();
      int series = 0;
      for (var snapshot : snapshots.entrySet()) {
        var result = ksm.evaluate(m, snapshot.getValue());
        result.errors().forEach(e -> errors.add(snapshot.getKey() + ": " + e));
        series += result.series().size();
      }
      assertThat(errors).as(m.name()).isEmpty();
      if (series == 0) {
        unresolved.put(m.name(), m.path());
      }
    }
    assertThat(unresolved).as("metrics whose path resolved on no stored object").isEmpty();
  }

  @Test
  void thePhaseIsAStateSetWithExactlyTheCurrentPhaseSet() {
    Metric phase = metric("status_phase");
    for (String step : List.of("Pending", "InProgress", "Completed", "Failed", "Cancelled")) {
      var series = only(step, phase);
      assertThat(series).as(step).hasSize(phase.states().size());
      assertThat(series)
          .as(step)
          .filteredOn(s -> s.value() == 1.0)
          .singleElement()
          .satisfies(s -> assertThat(s.labels()).containsEntry("phase", step));
    }
    assertThat(phase.states())
        .containsExactly("Pending", "InProgress", "Completed", "Failed", "Cancelled");
  }

  @Test
  void conditionsAreZeroOrOneAsTheirStatus() {
    assertThat(value("Completed", "status_condition_ready")).isEqualTo(1.0);
    assertThat(value("InProgress", "status_condition_ready")).isEqualTo(0.0);
    assertThat(value("InProgress", "status_condition_reconciling")).isEqualTo(1.0);
    assertThat(value("Completed", "status_condition_reconciling")).isEqualTo(0.0);
    assertThat(value("Failed", "status_condition_stalled")).isEqualTo(1.0);
    assertThat(value("Stalled", "status_condition_stalled")).isEqualTo(1.0);
    assertThat(value("Completed", "status_condition_stalled")).isEqualTo(0.0);
    assertThat(only("Failed", metric("status_stalled_reason")))
        .singleElement()
        .satisfies(s -> assertThat(s.labels()).containsEntry("reason", "ImportFailed"));
    assertThat(only("Stalled", metric("status_stalled_reason")))
        .singleElement()
        .satisfies(s -> assertThat(s.labels()).containsEntry("reason", "SecretNotFound"));
  }

  @Test
  void progressRecordsAndTimesAreTheStoredValues() {
    var loading = status("InProgress");
    assertThat(value("InProgress", "status_percent_complete"))
        .isEqualTo(((Number) loading.get("percentComplete")).doubleValue())
        .isEqualTo(33.3);
    assertThat(value("InProgress", "status_records_imported")).isEqualTo(300.0);
    assertThat(value("Completed", "status_records_imported")).isEqualTo(900.0);
    assertThat(value("InProgress", "status_estimated_completion_timestamp_seconds"))
        .isEqualTo(epoch(loading.get("estimatedCompletionTime")))
        .isGreaterThan(Instant.now().getEpochSecond() - 60);
    assertThat(value("InProgress", "status_progress_observed_timestamp_seconds"))
        .isEqualTo(epoch(loading.get("progressObservedAt")));
    // Pinecone's clock in the fake starts on 2026-01-01
    assertThat(value("Completed", "status_started_timestamp_seconds"))
        .isEqualTo(epoch("2026-01-01T00:00:00Z"));
    assertThat(value("Completed", "status_finished_timestamp_seconds"))
        .isEqualTo(epoch(status("Completed").get("finishedAt")))
        .isGreaterThan(value("Completed", "status_started_timestamp_seconds"));
    @SuppressWarnings("unchecked")
    var metadata = (Map<String, Object>) snapshot("Completed").get("metadata");
    assertThat(value("Completed", "created_timestamp_seconds"))
        .isEqualTo(epoch(metadata.get("creationTimestamp")));
    // no ETA once the import is done, so no series and no stale ETA in a dashboard
    assertThat(only("Completed", metric("status_estimated_completion_timestamp_seconds")))
        .isEmpty();
  }

  @Test
  void theValidationResultIsTheStoredOneAndAbsentWithoutOne() {
    @SuppressWarnings("unchecked")
    var validation = (Map<String, Object>) status("CompletedWithErrors").get("validationResult");
    assertThat(value("CompletedWithErrors", "status_validation_import_successes"))
        .isEqualTo(((Number) validation.get("importSuccesses")).doubleValue())
        .isEqualTo(890.0);
    assertThat(value("CompletedWithErrors", "status_validation_import_errors"))
        .isEqualTo(((Number) validation.get("importErrors")).doubleValue())
        .isEqualTo(10.0);
    assertThat(only("CompletedWithErrors", metric("status_phase")))
        .filteredOn(s -> s.value() == 1.0)
        .singleElement()
        .satisfies(s -> assertThat(s.labels()).containsEntry("phase", "Completed"));
    // Pinecone sent no validation result for this one: no series, rather than a 0 that claims one
    assertThat(only("Completed", metric("status_validation_import_errors"))).isEmpty();
    assertThat(only("Completed", metric("status_validation_import_successes"))).isEmpty();
  }

  @Test
  void everySeriesCarriesNamespaceNameIndexHostAndImportId() {
    for (var snapshot : snapshots.entrySet()) {
      for (Metric m : ksm.metrics) {
        for (Series s : ksm.evaluate(m, snapshot.getValue()).series()) {
          assertThat(s.labels())
              .as(snapshot.getKey() + " " + s.name())
              .containsEntry("namespace", h.namespace)
              .containsEntry("index_host", h.pinecone.hostAndPort())
              .containsKey("import_id")
              .containsEntry("customresource_kind", "PineconeImport");
          assertThat(s.labels().get("name")).isEqualTo(snapshot.getKey().split(" ")[1]);
        }
      }
    }
    assertThat(ksm.labelsFromPath.keySet())
        .containsExactlyInAnyOrder("namespace", "name", "index_host", "import_id");
  }

  @Test
  void theConfigurationNamesTheResourceTheServerServes() {
    var crd = h.kube.crd();
    assertThat(ksm.group).isEqualTo(crd.getSpec().getGroup());
    assertThat(ksm.kind).isEqualTo(crd.getSpec().getNames().getKind());
    assertThat(ksm.plural).isEqualTo(crd.getSpec().getNames().getPlural());
    assertThat(crd.getSpec().getVersions())
        .anySatisfy(
            v -> {
              assertThat(v.getName()).isEqualTo(ksm.version);
              assertThat(v.getServed()).isTrue();
            });
    Set<String> names = new TreeSet<>(ksm.seriesNames().keySet());
    assertThat(names).allMatch(n -> n.matches("kube_pineconeimport_[a-z_]+"));
  }

  static Metric metric(String name) {
    return ksm.metrics.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
  }

  static Map<String, Object> snapshot(String step) {
    var matches =
        snapshots.entrySet().stream()
            .filter(e -> e.getKey().startsWith(step + " "))
            .collect(Collectors.toList());
    assertThat(matches).as(step).hasSize(1);
    return matches.get(0).getValue();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> status(String step) {
    return (Map<String, Object>) snapshot(step).get("status");
  }

  static List<Series> only(String step, Metric m) {
    var result = ksm.evaluate(m, snapshot(step));
    assertThat(result.errors()).isEmpty();
    return result.series();
  }

  static double value(String step, String metric) {
    var series = only(step, metric(metric));
    assertThat(series).as(step + " " + metric).hasSize(1);
    return series.get(0).value();
  }

  static double epoch(Object rfc3339) {
    return java.time.OffsetDateTime.parse((String) rfc3339).toEpochSecond();
  }
}
