package io.github.pineconeimport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.pinecone.HostPolicy;
import io.github.pineconeimport.testing.KubeBinaries;
import io.github.pineconeimport.testing.LocalTool;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The files under deploy/ as Kubernetes would read them, and the Deployment's promises. */
class ManifestsTest {

  /** GitOps tools' own kinds, which Fabric8 has no model classes for. */
  static final Set<String> UNTYPED_GROUPS =
      Set.of(
          "argoproj.io",
          "kustomize.toolkit.fluxcd.io",
          "source.toolkit.fluxcd.io",
          "monitoring.coreos.com");

  static final String NAMESPACE = "pinecone-import-operator";
  static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  @Test
  void everyManifestUnderDeployParsesIntoTypedKubernetesObjects() throws IOException {
    List<Path> files = manifestFiles();
    assertThat(files).hasSizeGreaterThanOrEqualTo(15);
    for (Path file : files) {
      List<HasMetadata> objects = Manifests.load(file);
      assertThat(objects).as(file.toString()).isNotEmpty();
      for (HasMetadata o : objects) {
        assertThat(o.getApiVersion()).as("%s apiVersion", file).isNotBlank();
        assertThat(o.getMetadata().getName()).as("%s name", file).isNotBlank();
        if (o instanceof GenericKubernetesResource) {
          assertThat(UNTYPED_GROUPS)
              .as("%s: %s has no typed model", file, o.getApiVersion())
              .contains(o.getApiVersion().split("/")[0]);
        }
      }
    }
  }

  @Test
  void theBaseHoldsTheCrdTheOperatorAndClusterRbacAllInOneNamespace() {
    List<HasMetadata> base = Manifests.kustomization(Manifests.DEPLOY);
    assertThat(base.stream().map(HasMetadata::getKind))
        .containsExactlyInAnyOrder(
            "CustomResourceDefinition",
            "Namespace",
            "ServiceAccount",
            "Deployment",
            "Service",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "NetworkPolicy",
            "PodDisruptionBudget");
    assertThat(Manifests.one(base, CustomResourceDefinition.class))
        .isEqualTo(
            Manifests.one(
                Manifests.load(Manifests.CRDS.resolve("pineconeimports.pinecone.io-v1.yml")),
                CustomResourceDefinition.class));
    base.stream()
        .filter(
            o ->
                !Set.of(
                        "Namespace",
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "CustomResourceDefinition")
                    .contains(o.getKind()))
        .forEach(
            o ->
                assertThat(o.getMetadata().getNamespace())
                    .as("%s %s", o.getKind(), o.getMetadata().getName())
                    .isEqualTo(NAMESPACE));
  }

  @Test
  void theDeploymentRunsTwoLeaderElectedReplicasUnderTheRestrictedProfile() throws IOException {
    Deployment d = deployment();
    var pod = d.getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    Map<String, EnvVar> env =
        c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));

    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    assertThat(env.get("LEADER_ELECTION").getValue()).isEqualTo("true");
    assertThat(env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.name");
    assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
    assertThat(env.get("LEADER_ELECTION_NAMESPACE").getValue()).isEqualTo("$(POD_NAMESPACE)");

    assertThat(pod.getServiceAccountName()).isEqualTo("pinecone-import-operator");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(dockerfileUid());
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var sc = c.getSecurityContext();
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
    assertThat(sc.getRunAsNonRoot()).isTrue();
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(sc.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(c.getResources().getLimits()).containsKeys("memory");

    int healthPort = Integer.parseInt(env.get("HEALTH_PORT").getValue());
    var port =
        c.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst().orElseThrow();
    assertThat(port.getContainerPort()).isEqualTo(healthPort);
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    Service metrics =
        Manifests.one(
            Manifests.load(Manifests.DEPLOY.resolve("operator/metrics-service.yaml")),
            Service.class);
    assertThat(metrics.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("http");
    assertThat(metrics.getSpec().getSelector())
        .isEqualTo(d.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void theKubeletWaitsLongerThanTheOperatorTakesToStop() throws IOException {
    Deployment d = deployment();
    OperatorConfig config = OperatorConfig.fromEnv(literalEnv(d));
    long grace = d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
    // after the reconciles drain: releasing the lease and closing the client take a moment too
    assertThat(grace).isGreaterThanOrEqualTo(config.shutdownTimeout().toSeconds() + 5);
  }

  @Test
  void everySettingInTheDeploymentIsOneTheOperatorReadsAndAccepts() throws IOException {
    Deployment d = deployment();
    Set<String> known = new HashSet<>(settingNames());
    known.addAll(Set.of("POD_NAMESPACE", "LOG_FORMAT", "LOG_LEVEL")); // downward API, logback
    List<EnvVar> env = d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    assertThat(env)
        .extracting(EnvVar::getName)
        .allMatch(
            known::contains, "a setting the operator reads (OperatorConfig) or logback reads");

    OperatorConfig config = OperatorConfig.fromEnv(literalEnv(d));
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.leaderElectionNamespace()).isEqualTo(NAMESPACE);
    assertThat(config.podName()).isEqualTo("pinecone-import-operator-abc12");
    assertThat(config.watchNamespaces()).isEmpty();
  }

  @Test
  void theLeaseRolesGrantTheLeaseTheDeploymentCampaignsFor() throws IOException {
    OperatorConfig config = OperatorConfig.fromEnv(literalEnv(deployment()));
    var renew =
        new ApiRequest(
            "patch",
            "coordination.k8s.io",
            "leases",
            null,
            NAMESPACE,
            config.leaderElectionLeaseName());
    var overlay = Manifests.kustomization(Manifests.DEPLOY.resolve("overlays/namespaced"));
    for (var manifests : List.of(Manifests.kustomization(Manifests.DEPLOY), overlay)) {
      Rbac rbac = Rbac.forServiceAccount(manifests, NAMESPACE, "pinecone-import-operator");
      assertThat(rbac.allows(renew)).isTrue();
      assertThat(
              rbac.allows(
                  new ApiRequest(
                      "patch",
                      "coordination.k8s.io",
                      "leases",
                      null,
                      NAMESPACE,
                      "another-controllers-lease")))
          .isFalse();
    }
  }

  @Test
  void kustomizeRendersTheBaseAsTheRbacTestReadsIt() {
    LocalTool kubectl = KubeBinaries.kubectl();
    List<HasMetadata> rendered = Manifests.render(kubectl, Manifests.DEPLOY);
    List<HasMetadata> listed = Manifests.kustomization(Manifests.DEPLOY);

    assertThat(rendered).hasSameSizeAs(listed);
    List<Class<? extends HasMetadata>> types =
        List.of(
            ClusterRole.class,
            ClusterRoleBinding.class,
            Role.class,
            RoleBinding.class,
            CustomResourceDefinition.class,
            Deployment.class);
    types.forEach(type -> assertSame(rendered, listed, type));
    assertVariablesDefinedBeforeUse(Manifests.one(rendered, Deployment.class));
  }

  @Test
  void kustomizeRendersTheNamespacedOverlayWithoutClusterWideRights() {
    LocalTool kubectl = KubeBinaries.kubectl();
    Path overlay = Manifests.DEPLOY.resolve("overlays/namespaced");
    List<HasMetadata> rendered = Manifests.render(kubectl, overlay);

    assertThat(Manifests.ofType(rendered, ClusterRole.class)).isEmpty();
    assertThat(Manifests.ofType(rendered, ClusterRoleBinding.class)).isEmpty();
    List<HasMetadata> listed = Manifests.kustomization(overlay);
    assertSame(rendered, listed, Role.class);
    assertSame(rendered, listed, RoleBinding.class);
    Deployment d = Manifests.one(rendered, Deployment.class);
    EnvVar watch =
        d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
            .filter(e -> e.getName().equals(OperatorConfig.WATCH_NAMESPACES))
            .findFirst()
            .orElseThrow();
    assertThat(watch.getValue()).isNull();
    assertThat(watch.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
    assertVariablesDefinedBeforeUse(d);
  }

  /** Out only to 443, the API server's port and DNS; in only to the metrics and health port. */
  @Test
  void theNetworkPolicyLetsOnlyPineconeTheApiServerDnsAndProbesThrough() throws IOException {
    var policy =
        Manifests.one(
                Manifests.kustomization(Manifests.DEPLOY),
                io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class)
            .getSpec();
    assertThat(policy.getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(policy.getEgress())
        .flatExtracting(r -> r.getPorts())
        .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
        .containsExactlyInAnyOrder("TCP/443", "TCP/6443", "UDP/53", "TCP/53");
    assertThat(policy.getEgress()).allSatisfy(r -> assertThat(r.getTo()).isNullOrEmpty());
    Deployment d = deployment();
    int port =
        d.getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getPorts()
            .get(0)
            .getContainerPort();
    assertThat(policy.getIngress())
        .flatExtracting(r -> r.getPorts())
        .extracting(p -> p.getPort().getIntVal())
        .containsExactly(port);
    assertThat(policy.getPodSelector().getMatchLabels())
        .isEqualTo(d.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void aDisruptionBudgetKeepsOneOfTheTwoReplicas() throws IOException {
    var budget =
        Manifests.one(
                Manifests.kustomization(Manifests.DEPLOY),
                io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class)
            .getSpec();
    Deployment d = deployment();
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    assertThat(budget.getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(budget.getSelector().getMatchLabels())
        .isEqualTo(d.getSpec().getSelector().getMatchLabels());
  }

  /** The shipped settings are the safe ones: opted-in Secrets, Pinecone's index hosts. */
  @Test
  void theDeploymentShipsTheSafeDefaults() throws IOException {
    var env = deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    assertThat(env)
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo(OperatorConfig.SECRET_LABEL_SELECTOR);
              assertThat(e.getValue()).isEqualTo(OperatorConfig.DEFAULT_SECRET_LABEL_SELECTOR);
            })
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo(OperatorConfig.ALLOWED_HOSTS);
              assertThat(e.getValue()).isEqualTo(HostPolicy.DEFAULT);
            });
  }

  @Test
  void theDockerfileBuildsWithTheReadmesCommandAndStartsTheJarAsNonRoot() throws IOException {
    String dockerfile = Files.readString(Path.of("Dockerfile"));
    assertThat(dockerfile)
        .containsPattern("FROM maven:3\\.9-eclipse-temurin-17@sha256:[0-9a-f]{64} AS build")
        .contains("RUN mvn -B -q -DskipTests package")
        .containsPattern("FROM eclipse-temurin:17-jre@sha256:[0-9a-f]{64}\n")
        // pom.xml packs deploy/examples into the tools jar for the demo command
        .contains("COPY deploy/examples ./deploy/examples")
        // the image ships the operator jar, never the tools jar
        .doesNotContain("tools.jar")
        .contains(
            "ENTRYPOINT [\"java\", \"-XX:MaxRAMPercentage=75\","
                + " \"-XX:+ExitOnOutOfMemoryError\", \"-jar\","
                + " \"/app/pinecone-import-operator.jar\"]");
    assertThat(Files.readString(Path.of("README.md"))).contains("mvn -B -q -DskipTests package");
    assertThat(dockerfile.lines().filter(l -> l.startsWith("FROM ")))
        .as("every base image pinned by digest")
        .hasSize(2)
        .allMatch(l -> l.matches("FROM [^ ]+:[^ ]+@sha256:[0-9a-f]{64}( AS \\w+)?"));
  }

  private static void assertSame(
      List<HasMetadata> rendered, List<HasMetadata> listed, Class<? extends HasMetadata> type) {
    List<HasMetadata> a = List.copyOf(Manifests.ofType(rendered, type));
    List<HasMetadata> b = List.copyOf(Manifests.ofType(listed, type));
    assertThat(a).as(type.getSimpleName()).containsExactlyInAnyOrderElementsOf(b);
  }

  /** Kubernetes expands $(VAR) only from variables earlier in the list; later ones stay literal. */
  private static void assertVariablesDefinedBeforeUse(Deployment d) {
    Set<String> defined = new HashSet<>();
    for (EnvVar e : d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      if (e.getValue() != null) {
        Matcher m = VARIABLE.matcher(e.getValue());
        while (m.find()) {
          assertThat(defined)
              .as("%s refers to $(%s)", e.getName(), m.group(1))
              .contains(m.group(1));
        }
      }
      defined.add(e.getName());
    }
  }

  /** The container's environment as the kubelet would hand it over, for a sample pod. */
  private static Map<String, String> literalEnv(Deployment d) {
    Map<String, String> fields =
        Map.of("metadata.name", "pinecone-import-operator-abc12", "metadata.namespace", NAMESPACE);
    Map<String, String> env = new HashMap<>();
    for (EnvVar e : d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      String value =
          e.getValueFrom() != null
              ? fields.get(e.getValueFrom().getFieldRef().getFieldPath())
              : VARIABLE
                  .matcher(e.getValue())
                  .replaceAll(
                      m -> Matcher.quoteReplacement(env.getOrDefault(m.group(1), m.group())));
      env.put(e.getName(), value);
    }
    return env;
  }

  private static Set<String> settingNames() {
    Set<String> names = new HashSet<>();
    for (Field f : OperatorConfig.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        try {
          names.add((String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return names;
  }

  private static long dockerfileUid() throws IOException {
    Matcher m =
        Pattern.compile("(?m)^USER (\\d+)").matcher(Files.readString(Path.of("Dockerfile")));
    assertThat(m.find()).as("Dockerfile has a numeric USER").isTrue();
    return Long.parseLong(m.group(1));
  }

  static Deployment deployment() {
    return Manifests.one(
        Manifests.load(Manifests.DEPLOY.resolve("operator/deployment.yaml")), Deployment.class);
  }

  /**
   * YAML under deploy/ that Kubernetes reads; Helm templates are checked by rendering, and the
   * Prometheus rules file and kube-state-metrics configuration (read by those programs, not by
   * Kubernetes) by ObservabilityInstallTest and the observability tests.
   */
  static List<Path> manifestFiles() throws IOException {
    Path helm = Manifests.DEPLOY.resolve("helm");
    Path rules = Manifests.DEPLOY.resolve("observability/rules");
    Path ksm = Manifests.DEPLOY.resolve("observability/kube-state-metrics");
    try (Stream<Path> walk = Files.walk(Manifests.DEPLOY)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .filter(p -> !p.getFileName().toString().equals("kustomization.yaml"))
          .filter(p -> !p.startsWith(rules) && !p.startsWith(ksm))
          .filter(p -> !p.startsWith(helm) || p.getParent().getFileName().toString().equals("crds"))
          .sorted()
          .toList();
    }
  }
}
