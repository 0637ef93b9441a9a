package io.github.pineconeimport.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.pineconeimport.testing.LocalTool;
import io.github.pineconeimport.testing.RealKube;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Helm and the kustomize component render for monitoring, applied with kubectl to a real API
 * server that has the Prometheus Operator's own ServiceMonitor and PrometheusRule CRDs (kept in
 * {@code src/test/resources/prometheus-operator-crds}): the server validates them against that
 * schema and prunes what it does not know, so the rules are read back and compared with the file.
 */
class RealServerObservabilityIT {

  static final Path CRDS = Path.of("src/test/resources/prometheus-operator-crds");

  static RealKube kube;

  @BeforeAll
  static void installThePrometheusOperatorCrds() throws IOException {
    kube = RealKube.get();
    for (String file :
        List.of(
            "monitoring.coreos.com_servicemonitors.yaml",
            "monitoring.coreos.com_prometheusrules.yaml")) {
      CustomResourceDefinition crd =
          kube.client()
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .load(CRDS.resolve(file).toFile())
              .item();
      var existing =
          kube.client()
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(crd.getMetadata().getName());
      if (existing.get() == null) {
        kube.client().resource(crd).create();
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  existing.get().getStatus() != null
                      && existing.get().getStatus().getConditions().stream()
                          .anyMatch(
                              c ->
                                  "Established".equals(c.getType())
                                      && "True".equals(c.getStatus())));
    }
  }

  @Test
  void theServerAcceptsTheChartsMonitoringAndKeepsEveryRuleAsWritten(@TempDir Path tmp)
      throws IOException {
    String ns = kube.newNamespace("obs-helm");
    String yaml =
        ObservabilityInstallTest.ALL_ON
            .apply(new Helm(HelmChartTest.CHART).template().withName("obs").withNamespace(ns))
            .set("metrics.kubeStateMetrics.serviceAccount.name", "kube-state-metrics")
            .set("metrics.kubeStateMetrics.serviceAccount.namespace", ns)
            .call();
    kube.apply("-f", Files.writeString(tmp.resolve("chart.yaml"), yaml).toString());

    assertStored(ns);
    // kube-state-metrics, bound by the chart, lists and watches imports (and CRDs) everywhere
    try (KubernetesClient ksm = kube.clientAs(ns, "kube-state-metrics")) {
      assertThat(
              ksm.genericKubernetesResources("pinecone.io/v1alpha1", "PineconeImport")
                  .inAnyNamespace()
                  .list()
                  .getItems())
          .isNotNull();
      assertThat(ksm.apiextensions().v1().customResourceDefinitions().list().getItems())
          .isNotEmpty();
      assertThat(
              ksm.authorization()
                  .v1()
                  .selfSubjectAccessReview()
                  .create(
                      new io.fabric8.kubernetes.api.model.authorization.v1
                              .SelfSubjectAccessReviewBuilder()
                          .withNewSpec()
                          .withNewResourceAttributes()
                          .withVerb("list")
                          .withResource("secrets")
                          .endResourceAttributes()
                          .endSpec()
                          .build())
                  .getStatus()
                  .getAllowed())
          .as("and nothing else: no Secrets")
          .isFalse();
    }
  }

  @Test
  void theServerAcceptsTheKustomizeComponentOnTheOperatorBase() throws IOException {
    String ns = kube.newNamespace("obs-kustomize");
    // the component added to an overlay of the operator, in a namespace of the test's own
    Path overlay = Files.createDirectories(Path.of("target", "overlays", ns));
    Files.writeString(
        overlay.resolve("kustomization.yaml"),
        """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namespace: %s
        resources:
        - ../../../deploy/operator
        components:
        - ../../../deploy/observability
        """
            .formatted(ns));
    kube.apply("-k", overlay.toString());

    assertStored(ns);
  }

  @Test
  void theServerRefusesARuleThePrometheusOperatorWouldNotLoad(@TempDir Path tmp)
      throws IOException {
    // the CRDs are not decoration: a malformed duration is refused with the field named
    String ns = kube.newNamespace("obs-refused");
    Path bad =
        Files.writeString(
            tmp.resolve("bad.yaml"),
            """
            apiVersion: monitoring.coreos.com/v1
            kind: PrometheusRule
            metadata:
              name: bad
              namespace: %s
            spec:
              groups:
              - name: g
                rules:
                - alert: A
                  expr: vector(1)
                  for: 5 minutes
            """
                .formatted(ns));
    LocalTool.Result result = kube.kubectl().run(Path.of("."), "apply", "-f", bad.toString());
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("spec.groups[0].rules[0].for");
  }

  static void assertStored(String ns) throws IOException {
    KubernetesClient client = kube.client();
    List<GenericKubernetesResource> rules =
        client
            .genericKubernetesResources("monitoring.coreos.com/v1", "PrometheusRule")
            .inNamespace(ns)
            .list()
            .getItems();
    assertThat(rules).hasSize(1);
    assertThat(ObservabilityInstallTest.spec(rules.get(0)))
        .as("the PrometheusRule as the server stored it (pruned of what its schema does not know)")
        .isEqualTo(ObservabilityInstallTest.rules());

    List<GenericKubernetesResource> monitors =
        client
            .genericKubernetesResources("monitoring.coreos.com/v1", "ServiceMonitor")
            .inNamespace(ns)
            .list()
            .getItems();
    assertThat(monitors).hasSize(1);
    @SuppressWarnings("unchecked")
    var matchLabels =
        (Map<String, String>)
            ((Map<String, Object>) ObservabilityInstallTest.spec(monitors.get(0)).get("selector"))
                .get("matchLabels");
    assertThat(client.services().inNamespace(ns).withLabels(matchLabels).list().getItems())
        .as("the metrics Service the ServiceMonitor selects, on the server")
        .hasSize(1);

    List<ConfigMap> maps = client.configMaps().inNamespace(ns).list().getItems();
    ConfigMap dashboard =
        maps.stream()
            .filter(
                c ->
                    c.getData() != null && c.getData().containsKey("pinecone-import-operator.json"))
            .findFirst()
            .orElseThrow();
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(
            new ObjectMapper().readTree(dashboard.getData().get("pinecone-import-operator.json")))
        .isEqualTo(new ObjectMapper().readTree(ObservabilityInstallTest.DASHBOARD.toFile()));
    assertThat(maps)
        .filteredOn(c -> c.getData() != null && c.getData().containsKey("pineconeimport.yaml"))
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.getData().get("pineconeimport.yaml").strip())
                    .isEqualTo(Files.readString(ObservabilityInstallTest.KSM).strip()));
  }
}
