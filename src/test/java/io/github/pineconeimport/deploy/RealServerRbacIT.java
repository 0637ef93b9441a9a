package io.github.pineconeimport.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.testing.AuditLog;
import io.github.pineconeimport.testing.RealKube;
import io.github.pineconeimport.testing.RealOperatorHarness;
import io.github.pineconeimport.testing.TestResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RBAC as shipped, enforced by a real API server: each install (kustomize cluster-wide, the
 * namespaced overlay, the Helm chart in both scopes) is applied with kubectl, then the operator
 * runs as the ServiceAccount it creates (impersonated), with the Deployment's own settings, through
 * a whole import with leader election. No request may be refused, and a request outside the granted
 * rules must be, which shows the rules are what is enforced.
 */
class RealServerRbacIT {

  static final String POD = "pinecone-import-operator-7d9f-abcde";

  final RealKube kube = RealKube.get();

  @Test
  void theClusterWideKustomizeInstall() throws IOException {
    apply("-k", "deploy/");
    Deployment d =
        Manifests.one(Manifests.render(kube.kubectl(), Manifests.DEPLOY), Deployment.class);
    String imports = kube.newNamespace("rbac-kustomize-cluster");

    runAnImportAs(d, imports);
    refusedAs(
        d,
        c -> c.resources(PineconeImport.class).inNamespace(imports).withName("products").delete());
    refusedAs(d, c -> c.configMaps().inNamespace(imports).list());
  }

  /** Installed into another namespace the way the overlay's comment says (an overlay of it). */
  @Test
  void theNamespacedOverlay() throws IOException {
    String ns = kube.newNamespace("rbac-kustomize-namespaced");
    Path overlay = kube.applyNamespacedOverlay(ns);
    Deployment d = Manifests.one(Manifests.render(kube.kubectl(), overlay), Deployment.class);
    assertThat(PodEnv.of(d, POD)).containsEntry(OperatorConfig.WATCH_NAMESPACES, ns);

    runAnImportAs(d, ns);
    String elsewhere = kube.newNamespace("rbac-elsewhere");
    refusedAs(d, c -> c.resources(PineconeImport.class).inNamespace(elsewhere).list());
    refusedAs(d, c -> c.secrets().inNamespace(elsewhere).list());
  }

  @Test
  void theHelmChartWithClusterScope(@TempDir Path tmp) throws IOException {
    String ns = kube.newNamespace("rbac-helm-cluster");
    String yaml =
        new Helm(HelmChartTest.CHART).template().withName("helm-cluster").withNamespace(ns).call();
    apply("-f", Files.writeString(tmp.resolve("chart.yaml"), yaml).toString());
    Deployment d = Manifests.one(Manifests.parse(yaml), Deployment.class);
    String imports = kube.newNamespace("rbac-helm-cluster-imports");

    runAnImportAs(d, imports);
    refusedAs(d, c -> c.configMaps().inNamespace(imports).list());
  }

  @Test
  void theHelmChartWithNamespacedScope(@TempDir Path tmp) throws IOException {
    String ns = kube.newNamespace("rbac-helm-namespaced");
    String imports = kube.newNamespace("rbac-helm-namespaced-imports");
    // a values file: helm-java's set() passes a list as a string
    Path values =
        Files.writeString(
            tmp.resolve("values.yaml"),
            "rbac:\n  scope: namespaced\nwatchNamespaces: [" + imports + "]\n");
    String yaml =
        new Helm(HelmChartTest.CHART)
            .template()
            .withName("helm-namespaced")
            .withNamespace(ns)
            .withValuesFile(values)
            .call();
    apply("-f", Files.writeString(tmp.resolve("chart.yaml"), yaml).toString());
    Deployment d = Manifests.one(Manifests.parse(yaml), Deployment.class);
    assertThat(PodEnv.of(d, POD)).containsEntry(OperatorConfig.WATCH_NAMESPACES, imports);

    runAnImportAs(d, imports);
    refusedAs(d, c -> c.resources(PineconeImport.class).inNamespace(ns).list());
    refusedAs(d, c -> c.secrets().inNamespace(ns).list());
  }

  /**
   * A whole import (Secret, Pending to Completed, an event, leader election, shutdown) with the
   * Deployment's settings, as its ServiceAccount; then the audit log must hold its calls and no
   * refusal among them.
   */
  private void runAnImportAs(Deployment d, String imports) throws IOException {
    Map<String, String> env = new HashMap<>(PodEnv.of(d, POD));
    // the harness allows *.pinecone.io (the shipped value) plus the fake Pinecone
    env.remove(OperatorConfig.ALLOWED_HOSTS);
    env.put(OperatorConfig.HEALTH_PORT, "0");
    // "all namespaces" would reach other tests' imports on the shared server
    env.computeIfPresent(OperatorConfig.WATCH_NAMESPACES, (k, v) -> v.isEmpty() ? imports : v);
    assertThat(env).containsEntry(OperatorConfig.LEADER_ELECTION, "true");
    String saNamespace = d.getMetadata().getNamespace();
    String sa = d.getSpec().getTemplate().getSpec().getServiceAccountName();
    RuntimeException failed = null;
    try (var h =
        RealOperatorHarness.start(kube, imports, env, () -> kube.clientAs(saNamespace, sa))) {
      h.createSecret(TestResources.API_KEY);
      h.pinecone.seed("101", TestResources.SCRIPT);
      h.pineconeClock.advance(Duration.ofMinutes(5));
      h.createImport("products", "101");
      await().atMost(Duration.ofSeconds(30)).until(() -> h.operator().isLeader());
      h.awaitPhase("products", "Completed");
      assertThat(h.awaitEvents("products", 1))
          .singleElement()
          .satisfies(e -> assertThat(e.getReason()).isEqualTo("ImportCompleted"));
      h.stopOperator();
      h.settle();
    } catch (RuntimeException e) {
      failed = e; // a refusal explains a stuck import better: report refusals first
    }
    String user = "system:serviceaccount:" + saNamespace + ":" + sa;
    List<AuditLog.Entry> calls =
        kube.audit().entries().stream().filter(e -> user.equals(e.actingUser())).toList();
    assertThat(calls).as("refused calls as %s", user).noneMatch(e -> e.code() == 403);
    if (failed != null) {
      throw failed;
    }
    assertThat(calls)
        .as("calls as %s", user)
        .anyMatch(e -> e.verb().equals("patch") && e.on("pineconeimports/status"))
        .anyMatch(e -> e.verb().equals("create") && e.on("events"))
        .anyMatch(e -> e.on("leases") && e.namespace().equals(saNamespace));
  }

  private void refusedAs(Deployment d, Consumer<KubernetesClient> call) {
    try (var c =
        kube.clientAs(
            d.getMetadata().getNamespace(),
            d.getSpec().getTemplate().getSpec().getServiceAccountName())) {
      assertThatThrownBy(() -> call.accept(c))
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
  }

  private void apply(String... args) {
    kube.apply(args);
  }
}
