package io.github.pineconeimport.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.github.pineconeimport.config.OperatorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart, linted and rendered by Helm itself (bundled by helm-java), against the kustomize
 * manifests: the two ways to install must grant the same rights and run the same pod.
 */
class HelmChartTest {

  static final Path CHART = Manifests.DEPLOY.resolve("helm/pinecone-import-operator");
  static final String RELEASE = "pinecone-import-operator";
  static final String NAMESPACE = "pinecone-import-operator";

  @Test
  void theChartLintsCleanInStrictMode() {
    var result = new Helm(CHART).lint().strict().call();
    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void byDefaultItGrantsExactlyTheClusterRulesOfTheKustomizeBase() {
    List<HasMetadata> helm = render(t -> t);
    List<HasMetadata> kustomize = Manifests.kustomization(Manifests.DEPLOY);

    assertThat(Manifests.one(helm, ClusterRole.class).getRules())
        .containsExactlyInAnyOrderElementsOf(
            Manifests.one(kustomize, ClusterRole.class).getRules());
    assertThat(Manifests.one(helm, Role.class).getRules())
        .as("leader election")
        .containsExactlyInAnyOrderElementsOf(Manifests.one(kustomize, Role.class).getRules());
    assertThat(Manifests.ofType(helm, ClusterRoleBinding.class)).hasSize(1);
    assertThat(grants(helm)).isEqualTo(grants(kustomize));
  }

  @Test
  void byDefaultItRunsTheSamePodAsTheKustomizeBase() {
    Deployment helm = Manifests.one(render(t -> t), Deployment.class);
    Deployment kustomize = ManifestsTest.deployment();
    PodSpec h = helm.getSpec().getTemplate().getSpec();
    PodSpec k = kustomize.getSpec().getTemplate().getSpec();
    Container hc = h.getContainers().get(0);
    Container kc = k.getContainers().get(0);

    assertThat(helm.getSpec().getReplicas()).isEqualTo(kustomize.getSpec().getReplicas());
    assertThat(h.getSecurityContext()).isEqualTo(k.getSecurityContext());
    assertThat(hc.getSecurityContext()).isEqualTo(kc.getSecurityContext());
    assertThat(hc.getEnv()).isEqualTo(kc.getEnv());
    assertThat(hc.getStartupProbe()).isEqualTo(kc.getStartupProbe());
    assertThat(hc.getLivenessProbe()).isEqualTo(kc.getLivenessProbe());
    assertThat(hc.getReadinessProbe()).isEqualTo(kc.getReadinessProbe());
    assertThat(hc.getPorts()).isEqualTo(kc.getPorts());
    assertThat(hc.getResources()).isEqualTo(kc.getResources());
    assertThat(hc.getVolumeMounts()).isEqualTo(kc.getVolumeMounts());
    assertThat(h.getVolumes()).isEqualTo(k.getVolumes());
    assertThat(h.getTerminationGracePeriodSeconds())
        .isEqualTo(k.getTerminationGracePeriodSeconds());
  }

  @Test
  void namespacedScopeGrantsWhatTheNamespacedOverlayGrantsAndNothingClusterWide() {
    List<HasMetadata> helm = render(t -> t.set("rbac.scope", "namespaced"));
    List<HasMetadata> overlay =
        Manifests.kustomization(Manifests.DEPLOY.resolve("overlays/namespaced"));

    assertThat(Manifests.ofType(helm, ClusterRole.class)).isEmpty();
    assertThat(Manifests.ofType(helm, ClusterRoleBinding.class)).isEmpty();
    assertThat(grants(helm)).isEqualTo(grants(overlay));
    assertThat(env(helm, OperatorConfig.WATCH_NAMESPACES)).isEqualTo(NAMESPACE);
  }

  @Test
  void watchNamespacesGetARoleEachAndTheOperatorIsToldToWatchThem(@TempDir Path dir)
      throws IOException {
    // a values file, as users write it (helm-java's set() passes lists as strings)
    Path values =
        Files.writeString(
            dir.resolve("values.yaml"),
            "rbac:\n  scope: namespaced\nwatchNamespaces: [team-a, team-b]\n");
    List<HasMetadata> helm = render(t -> t.withValuesFile(values));

    assertThat(Manifests.ofType(helm, Role.class))
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", "team-b", NAMESPACE);
    assertThat(Manifests.ofType(helm, RoleBinding.class)).hasSize(3);
    assertThat(env(helm, OperatorConfig.WATCH_NAMESPACES)).isEqualTo("team-a,team-b");
    Rbac rbac = Rbac.forServiceAccount(helm, NAMESPACE, RELEASE);
    assertThat(rbac.allows(new ApiRequest("list", "", "secrets", null, "team-b", null))).isTrue();
    assertThat(rbac.allows(new ApiRequest("list", "", "secrets", null, "kube-system", null)))
        .isFalse();
    assertThat(rbac.allows(new ApiRequest("list", "", "secrets", null, null, null))).isFalse();
    assertThat(rbac.allows(operatorNamespaceEvent("create")))
        .as("what cannot be told in a terminating namespace is told in the operator's own")
        .isTrue();
  }

  @Test
  void withoutLeaderElectionTheOperatorMayStillWriteEventsInItsOwnNamespace(@TempDir Path dir)
      throws IOException {
    Path values =
        Files.writeString(
            dir.resolve("values.yaml"),
            "rbac:\n  scope: namespaced\nwatchNamespaces: [team-a]\nleaderElection:\n"
                + "  enabled: false\nreplicas: 1\n");
    Rbac rbac = Rbac.forServiceAccount(render(t -> t.withValuesFile(values)), NAMESPACE, RELEASE);
    for (String verb : List.of("get", "create", "update")) {
      assertThat(rbac.allows(operatorNamespaceEvent(verb))).as(verb).isTrue();
    }
    assertThat(rbac.allows(new ApiRequest("list", "", "secrets", null, NAMESPACE, null))).isFalse();
  }

  private static ApiRequest operatorNamespaceEvent(String verb) {
    return new ApiRequest(verb, "", "events", null, NAMESPACE, null);
  }

  /**
   * A platform team that installs cluster-wide but lists the namespaces to watch gets Secret access
   * in those namespaces only: the ClusterRole keeps imports and events, and a Role per watched
   * namespace grants the Secrets.
   */
  @Test
  void clusterScopeWithWatchNamespacesReadsSecretsOnlyThere(@TempDir Path dir) throws IOException {
    Path values =
        Files.writeString(
            dir.resolve("values.yaml"),
            "rbac:\n  scope: cluster\nwatchNamespaces: [team-a, team-b]\n");
    List<HasMetadata> helm = render(t -> t.withValuesFile(values));

    assertThat(Manifests.one(helm, ClusterRole.class).getRules())
        .noneMatch(r -> r.getResources().contains("secrets"));
    assertThat(Manifests.ofType(helm, Role.class))
        .filteredOn(
            r -> r.getRules().stream().anyMatch(rule -> rule.getResources().contains("secrets")))
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", "team-b");
    Rbac rbac = Rbac.forServiceAccount(helm, NAMESPACE, RELEASE);
    for (String verb : List.of("get", "list", "watch")) {
      assertThat(rbac.allows(new ApiRequest(verb, "", "secrets", null, "team-a", null))).isTrue();
      assertThat(rbac.allows(new ApiRequest(verb, "", "secrets", null, "kube-system", null)))
          .isFalse();
      assertThat(rbac.allows(new ApiRequest(verb, "", "secrets", null, NAMESPACE, null))).isFalse();
    }
    assertThat(rbac.allows(new ApiRequest("list", "", "secrets", null, null, null))).isFalse();
    assertThat(
            rbac.allows(new ApiRequest("list", "pinecone.io", "pineconeimports", null, null, null)))
        .as("imports are still watched with the ClusterRole")
        .isTrue();
    assertThat(env(helm, OperatorConfig.WATCH_NAMESPACES)).isEqualTo("team-a,team-b");
  }

  @Test
  void theNetworkPolicyAndDisruptionBudgetMatchTheKustomizeBaseAndCanBeSwitchedOff() {
    List<HasMetadata> helm = render(t -> t);
    List<HasMetadata> kustomize = Manifests.kustomization(Manifests.DEPLOY);
    var hp = Manifests.one(helm, NetworkPolicy.class).getSpec();
    var kp = Manifests.one(kustomize, NetworkPolicy.class).getSpec();
    assertThat(hp.getIngress()).isEqualTo(kp.getIngress());
    assertThat(hp.getEgress()).isEqualTo(kp.getEgress());
    assertThat(hp.getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(hp.getPodSelector().getMatchLabels())
        .isEqualTo(Manifests.one(helm, Deployment.class).getSpec().getSelector().getMatchLabels());
    var hb = Manifests.one(helm, PodDisruptionBudget.class).getSpec();
    var kb = Manifests.one(kustomize, PodDisruptionBudget.class).getSpec();
    assertThat(hb.getMinAvailable()).isEqualTo(kb.getMinAvailable());
    assertThat(hb.getSelector().getMatchLabels())
        .isEqualTo(Manifests.one(helm, Deployment.class).getSpec().getSelector().getMatchLabels());

    assertThat(
            Manifests.ofType(
                render(t -> t.set("networkPolicy.enabled", "false")), NetworkPolicy.class))
        .isEmpty();
    assertThat(
            Manifests.ofType(
                render(t -> t.set("leaderElection.enabled", "false").set("replicas", "1")),
                PodDisruptionBudget.class))
        .as("one replica: a budget of one would block every drain")
        .isEmpty();
  }

  @Test
  void valuesReachThePod() {
    Deployment d =
        Manifests.one(
            render(
                t ->
                    t.set("image.repository", "registry.example.com/pio")
                        .set("image.tag", "1.2.3")
                        .set("replicas", "3")
                        .set("allowedHosts", "*.pinecone.io,*.internal.example.com")
                        .set("leaderElection.leaseName", "pio-lease")
                        .set("leaderElection.leaseDuration", "30s")
                        .set("secretLabelSelector", "pinecone.io/api-key=true")
                        .set("hostRequestsPerSecond", "40")
                        .set("maxRunningImportsPerIndex", "2")
                        .set("pineconeApiVersion", "2025-10")
                        .set("startClockSkew", "45s")
                        .set("deletionTimeout", "5m")
                        .set("resources.limits.memory", "1Gi")),
            Deployment.class);
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(c.getImage()).isEqualTo("registry.example.com/pio:1.2.3");
    assertThat(d.getSpec().getReplicas()).isEqualTo(3);
    assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
    assertThat(value(c, OperatorConfig.ALLOWED_HOSTS))
        .isEqualTo("*.pinecone.io,*.internal.example.com");
    assertThat(value(c, OperatorConfig.LEADER_ELECTION_LEASE)).isEqualTo("pio-lease");
    assertThat(value(c, OperatorConfig.LEASE_DURATION)).isEqualTo("30s");
    assertThat(value(c, OperatorConfig.SECRET_LABEL_SELECTOR))
        .isEqualTo("pinecone.io/api-key=true");
    assertThat(value(c, OperatorConfig.HOST_REQUESTS_PER_SECOND)).isEqualTo("40");
    assertThat(value(c, OperatorConfig.MAX_RUNNING_IMPORTS_PER_INDEX)).isEqualTo("2");
    assertThat(value(c, OperatorConfig.PINECONE_API_VERSION)).isEqualTo("2025-10");
    assertThat(value(c, OperatorConfig.START_CLOCK_SKEW)).isEqualTo("45s");
    assertThat(value(c, OperatorConfig.DELETION_TIMEOUT)).isEqualTo("5m");
  }

  @Test
  void theApiVersionDefaultsToTheNewestTestedAndMustLookLikeOne() {
    Container c =
        Manifests.one(render(t -> t), Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(value(c, OperatorConfig.PINECONE_API_VERSION))
        .isEqualTo(io.github.pineconeimport.pinecone.ApiVersion.NEWEST_TESTED);
    assertThatThrownBy(() -> render(t -> t.set("pineconeApiVersion", "latest")))
        .hasMessageContaining("pineconeApiVersion");
  }

  @Test
  void theLeaseRoleFollowsTheLeaseName() {
    List<HasMetadata> helm = render(t -> t.set("leaderElection.leaseName", "pio-lease"));
    Rbac rbac = Rbac.forServiceAccount(helm, NAMESPACE, RELEASE);
    assertThat(rbac.allows(lease("pio-lease"))).isTrue();
    assertThat(rbac.allows(lease("someone-elses-lease"))).isFalse();
  }

  @Test
  void moreThanOneReplicaWithoutLeaderElectionIsRefused() {
    assertThatThrownBy(() -> render(t -> t.set("leaderElection.enabled", "false")))
        .hasMessageContaining("replicas > 1 needs leaderElection.enabled");
    assertThat(render(t -> t.set("leaderElection.enabled", "false").set("replicas", "1")))
        .noneMatch(o -> o instanceof Role);
  }

  private static List<HasMetadata> render(UnaryOperator<TemplateCommand> values) {
    return Manifests.parse(
        values.apply(new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE)).call());
  }

  /** Every (group, resource, verb) granted, wherever; the rights of the two installs compared. */
  private static HashSet<Rbac.Permission> grants(List<HasMetadata> objects) {
    return new HashSet<>(
        Rbac.forServiceAccount(objects, namespaceOfServiceAccount(objects), RELEASE).permissions());
  }

  private static String namespaceOfServiceAccount(List<HasMetadata> objects) {
    return Manifests.ofType(objects, io.fabric8.kubernetes.api.model.ServiceAccount.class)
        .get(0)
        .getMetadata()
        .getNamespace();
  }

  private static String env(List<HasMetadata> objects, String name) {
    return value(
        Manifests.one(objects, Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0),
        name);
  }

  private static String value(Container c, String name) {
    return c.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElseThrow();
  }

  private static ApiRequest lease(String name) {
    return new ApiRequest("update", "coordination.k8s.io", "leases", null, NAMESPACE, name);
  }
}
