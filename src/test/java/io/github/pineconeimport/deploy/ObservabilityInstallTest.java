package io.github.pineconeimport.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.github.pineconeimport.testing.KubeBinaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The monitoring objects as Helm and kustomize render them: off by default (a cluster without the
 * Prometheus Operator installs as before), and when on, the alert rules, dashboard and
 * kube-state-metrics configuration of {@code deploy/observability}, unchanged, selecting the
 * metrics Service each install creates. {@code RealServerObservabilityIT} applies them.
 */
class ObservabilityInstallTest {

  static final Path OBSERVABILITY = Manifests.DEPLOY.resolve("observability");
  static final Path RULES = OBSERVABILITY.resolve("rules/pinecone-import-operator.rules.yaml");
  static final Path DASHBOARD = OBSERVABILITY.resolve("dashboards/pinecone-import-operator.json");
  static final Path KSM = OBSERVABILITY.resolve("kube-state-metrics/pineconeimport.yaml");
  static final Path OVERLAY = Manifests.DEPLOY.resolve("overlays/observability");

  /** Every monitoring switch of the chart on. */
  static final UnaryOperator<TemplateCommand> ALL_ON =
      t ->
          t.set("metrics.serviceMonitor.enabled", "true")
              .set("metrics.prometheusRule.enabled", "true")
              .set("metrics.kubeStateMetrics.enabled", "true")
              .set("grafanaDashboard.enabled", "true");

  @Test
  void byDefaultTheChartAndTheBaseRenderNoMonitoringObject() {
    for (var objects : List.of(helm(t -> t), Manifests.kustomization(Manifests.DEPLOY))) {
      assertThat(objects)
          .extracting(HasMetadata::getKind)
          .doesNotContain("ServiceMonitor", "PrometheusRule", "ConfigMap");
    }
  }

  @Test
  void theChartCarriesTheFilesOfDeployObservabilityUnchanged() throws IOException {
    Path files = HelmChartTest.CHART.resolve("files");
    for (Path original : List.of(RULES, DASHBOARD, KSM)) {
      assertThat(Files.readString(files.resolve(original.getFileName().toString())))
          .as("the chart's copy of " + original + " (copy it to " + files + ")")
          .isEqualTo(Files.readString(original));
    }
  }

  @Test
  void theChartRendersTheRulesDashboardAndConfigurationAndSelectsItsService() throws IOException {
    List<HasMetadata> objects = helm(ALL_ON);
    assertMonitoring(objects);
    assertThat(kind(objects, "PrometheusRule").getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/instance", HelmChartTest.RELEASE);
  }

  @Test
  void theKustomizeComponentRendersTheSameOnTheBase() throws IOException {
    List<HasMetadata> objects = Manifests.render(KubeBinaries.kubectl(), OVERLAY);
    assertMonitoring(objects);
    // the component adds to the base; the base itself is all there
    assertThat(objects.stream().map(HasMetadata::getKind).distinct())
        .contains("CustomResourceDefinition", "Deployment", "ClusterRole", "Service");
    assertThat(objects)
        .filteredOn(o -> !o.getKind().equals("CustomResourceDefinition"))
        .filteredOn(o -> !o.getKind().startsWith("Cluster") && !o.getKind().equals("Namespace"))
        .allSatisfy(
            o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("pinecone-import-operator"));
  }

  @Test
  void noProgressSecondsSetsThatAlertsThresholdAndNothingElse() {
    Map<String, Object> spec =
        spec(
            kind(
                helm(t -> ALL_ON.apply(t).set("metrics.prometheusRule.noProgressSeconds", "3600")),
                "PrometheusRule"));
    String threshold = "_progress_observed_timestamp_seconds > ";
    assertThat(exprs(spec)).anyMatch(e -> e.contains(threshold + "3600"));
    assertThat(exprs(spec).stream().map(e -> e.replace(threshold + "3600", threshold + "7200")))
        .containsExactlyElementsOf(exprs(rules()));
    assertThat(yaml(spec).replace(threshold + "3600", threshold + "7200")).isEqualTo(yaml(rules()));
  }

  @Test
  void settingsThatCannotWorkAreRefusedWhenRendering() {
    assertThatThrownBy(
            () -> helm(t -> ALL_ON.apply(t).set("metrics.prometheusRule.noProgressSeconds", "10")))
        .hasMessageContaining("noProgressSeconds");
    assertThatThrownBy(() -> helm(t -> ALL_ON.apply(t).set("metrics.service.enabled", "false")))
        .hasMessageContaining("metrics.serviceMonitor.enabled needs metrics.service.enabled");
    assertThatThrownBy(
            () ->
                helm(
                    t ->
                        ALL_ON
                            .apply(t)
                            .set(
                                "metrics.kubeStateMetrics.serviceAccount.name",
                                "kube-state-metrics")))
        .hasMessageContaining("metrics.kubeStateMetrics.serviceAccount.namespace is required");
  }

  @SuppressWarnings("unchecked")
  static List<String> exprs(Map<String, Object> rules) {
    return ((List<Map<String, Object>>) rules.get("groups"))
        .stream()
            .flatMap(g -> ((List<Map<String, Object>>) g.get("rules")).stream())
            .map(r -> (String) r.get("expr"))
            .toList();
  }

  /** What both installs must render when monitoring is on. */
  static void assertMonitoring(List<HasMetadata> objects) throws IOException {
    assertThat(spec(kind(objects, "PrometheusRule"))).isEqualTo(rules());

    GenericKubernetesResource monitor = kind(objects, "ServiceMonitor");
    @SuppressWarnings("unchecked")
    var selector =
        (Map<String, String>)
            ((Map<String, Object>) spec(monitor).get("selector")).get("matchLabels");
    List<Service> selected =
        Manifests.ofType(objects, Service.class).stream()
            .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
            .toList();
    assertThat(selected).as("Services the ServiceMonitor selects").hasSize(1);
    @SuppressWarnings("unchecked")
    var endpoints = (List<Map<String, Object>>) spec(monitor).get("endpoints");
    assertThat(selected.get(0).getSpec().getPorts())
        .anySatisfy(p -> assertThat(p.getName()).isEqualTo(endpoints.get(0).get("port")));
    assertThat(monitor.getMetadata().getNamespace())
        .isEqualTo(selected.get(0).getMetadata().getNamespace());

    ConfigMap dashboard = configMap(objects, "pinecone-import-operator.json");
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(
            new ObjectMapper().readTree(dashboard.getData().get("pinecone-import-operator.json")))
        .isEqualTo(new ObjectMapper().readTree(DASHBOARD.toFile()));
    assertThat(Manifests.ofType(objects, ClusterRole.class))
        .filteredOn(r -> r.getMetadata().getName().endsWith("-kube-state-metrics"))
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getRules())
                    .anySatisfy(
                        rule -> {
                          assertThat(rule.getApiGroups()).containsExactly("pinecone.io");
                          assertThat(rule.getResources()).containsExactly("pineconeimports");
                          assertThat(rule.getVerbs()).containsExactly("list", "watch");
                        }));
    ConfigMap ksm = configMap(objects, "pineconeimport.yaml");
    assertThat(ksm.getData().get("pineconeimport.yaml").strip())
        .isEqualTo(Files.readString(KSM).strip());
  }

  static List<HasMetadata> helm(UnaryOperator<TemplateCommand> values) {
    return Manifests.parse(
        values
            .apply(
                new Helm(HelmChartTest.CHART)
                    .template()
                    .withName(HelmChartTest.RELEASE)
                    .withNamespace(HelmChartTest.NAMESPACE))
            .call());
  }

  static GenericKubernetesResource kind(List<HasMetadata> objects, String kind) {
    var found = objects.stream().filter(o -> o.getKind().equals(kind)).toList();
    assertThat(found).as(kind).hasSize(1);
    return (GenericKubernetesResource) found.get(0);
  }

  static ConfigMap configMap(List<HasMetadata> objects, String key) {
    var found =
        Manifests.ofType(objects, ConfigMap.class).stream()
            .filter(c -> c.getData() != null && c.getData().containsKey(key))
            .toList();
    assertThat(found).as("ConfigMap with " + key).hasSize(1);
    return found.get(0);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> spec(GenericKubernetesResource o) {
    return (Map<String, Object>) o.getAdditionalProperties().get("spec");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> rules() {
    try {
      return new ObjectMapper(new YAMLFactory()).readValue(RULES.toFile(), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** YAML on one line per value, so a text replace sees whole strings. */
  static String yaml(Object o) {
    try {
      return new ObjectMapper().writeValueAsString(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
