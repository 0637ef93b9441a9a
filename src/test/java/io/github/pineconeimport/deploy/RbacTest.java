package io.github.pineconeimport.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.fake.ImportScript;
import io.github.pineconeimport.lifecycle.Cleanup;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.status.ImportEvent;
import io.github.pineconeimport.status.Reason;
import io.github.pineconeimport.testing.OperatorHarness;
import io.github.pineconeimport.testing.TestResources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, checked both ways against the operator itself: it runs a whole import (Secret,
 * Pending → Completed, events, leader election, shutdown) on the embedded API server, every call it
 * makes is held against the shipped RBAC, and every verb the RBAC grants must have been used. The
 * API server answers JOSDK's own lease-permission check with the same rules, so a Role that JOSDK
 * would refuse fails here too.
 */
class RbacTest {

  static final String OPERATOR_NAMESPACE = "pinecone-import-operator";
  static final String SERVICE_ACCOUNT = "pinecone-import-operator";
  static final String AGENT = "pinecone-import-operator-under-test";
  static final ImportScript COMPLETES =
      new ImportScript(
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofSeconds(10),
          3,
          900,
          BulkImport.COMPLETED,
          null);

  @Test
  void theClusterRoleAndLeaseRoleAllowEveryCallAndGrantNothingUnused() throws Exception {
    List<HasMetadata> manifests = Manifests.kustomization(Manifests.DEPLOY);
    Rbac rbac = Rbac.forServiceAccount(manifests, OPERATOR_NAMESPACE, SERVICE_ACCOUNT);

    Set<ApiRequest> calls =
        lifecycle(
            Map.of(OperatorConfig.LEADER_ELECTION_NAMESPACE, OPERATOR_NAMESPACE),
            rbac.rulesIn(OPERATOR_NAMESPACE));

    assertThat(calls)
        .as("the operator watches imports and Secrets across namespaces")
        .contains(request("list", "", "secrets", null), request("watch", "", "secrets", null));
    assertThat(denied(rbac, calls)).as("calls the RBAC would refuse").isEmpty();
    assertThat(unused(rbac, calls)).as("granted but never used").isEmpty();
  }

  @Test
  void theNamespacedRoleAllowsEveryCallAndReadsNoSecretElsewhere() throws Exception {
    // installed into the imports' namespace, as `kustomize edit set namespace ml` would
    List<HasMetadata> manifests =
        Manifests.inNamespace(
            Manifests.kustomization(Manifests.DEPLOY.resolve("overlays/namespaced")),
            TestResources.NAMESPACE);
    assertThat(Manifests.ofType(manifests, ClusterRole.class)).isEmpty();
    assertThat(Manifests.ofType(manifests, ClusterRoleBinding.class)).isEmpty();
    Rbac rbac = Rbac.forServiceAccount(manifests, TestResources.NAMESPACE, SERVICE_ACCOUNT);

    Set<ApiRequest> calls =
        lifecycle(
            Map.of(
                OperatorConfig.WATCH_NAMESPACES, TestResources.NAMESPACE,
                OperatorConfig.LEADER_ELECTION_NAMESPACE, TestResources.NAMESPACE),
            rbac.rulesIn(TestResources.NAMESPACE));

    assertThat(denied(rbac, calls)).as("calls the Role would refuse").isEmpty();
    assertThat(unused(rbac, calls)).as("granted but never used").isEmpty();
    assertThat(rbac.allows(request("list", "", "secrets", null))).isFalse();
    assertThat(rbac.allows(request("list", "", "secrets", "kube-system"))).isFalse();
  }

  /** Everything the operator asked of the API server during one import's whole life. */
  private static Set<ApiRequest> lifecycle(Map<String, String> env, List<ResourceRule> selfRules)
      throws Exception {
    var settings = new java.util.HashMap<>(env);
    settings.put(OperatorConfig.LEADER_ELECTION, "true");
    try (var h = OperatorHarness.withoutOperator(settings)) {
      h.kube.answerRulesReviewsWith(selfRules);
      h.createSecret(TestResources.API_KEY);
      h.pinecone.seed("301", COMPLETES);
      var operator =
          h.startInstance(
              Map.of(
                  OperatorConfig.POD_NAME,
                  "replica-a",
                  OperatorConfig.POD_NAMESPACE,
                  env.get(OperatorConfig.LEADER_ELECTION_NAMESPACE)),
              AGENT);
      await().atMost(Duration.ofSeconds(20)).until(operator::isLeader);

      // an import whose Secret the cache has not seen: the one direct Secret read
      var orphan = TestResources.pineconeImport("orphan", h.pinecone.hostAndPort(), "301");
      orphan.getSpec().getApiKeySecretRef().setName("not-created-yet");
      h.client.resource(orphan).create();
      h.awaitStatus(
          "orphan",
          s -> s.getConditions().stream().anyMatch(c -> "SecretNotFound".equals(c.getReason())));

      h.createImport("products", "301");
      h.awaitPhase("products", "Pending");
      h.pineconeClock.advance(Duration.ofMinutes(5));
      h.awaitPhase("products", "Completed");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> TestResources.eventsFor(h.client, "products").size() == 1);
      // The recorder's other path: the same event again (as after a status write that failed)
      // bumps the count of the existing Event.
      var event = TestResources.eventsFor(h.client, "products").get(0);
      operator
          .events()
          .record(
              h.get("products"),
              new ImportEvent(
                  ImportEvent.Type.Normal, Reason.valueOf(event.getReason()), event.getMessage()));
      assertThat(TestResources.eventsFor(h.client, "products").get(0).getCount()).isEqualTo(2);
      // what cannot be told on an import (its namespace is terminating) goes to the operator's
      // own namespace; twice, so the count bump is checked there too
      var aboutProducts =
          new ImportEvent(
              ImportEvent.Type.Warning, Reason.ImportNotCancelled, "may still be running");
      assertThat(operator.events().recordInOperatorNamespace(h.get("products"), aboutProducts))
          .isTrue();
      assertThat(operator.events().recordInOperatorNamespace(h.get("products"), aboutProducts))
          .isTrue();

      // an import the operator starts: the intent (status PUT), the finalizer (patch), and a
      // deletion that cancels it and removes the finalizer (patch)
      h.createStarting("started", "s3://demo-bucket/started/");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  h.get("started").getStatus() != null
                      && h.get("started").getStatus().getImportId() != null
                      && h.get("started").hasFinalizer(Cleanup.FINALIZER));
      h.client.resource(h.get("started")).delete();
      h.awaitGone("started");

      operator.close(); // releases the lease
      h.kube.settle();
      return h.kube.callsFrom(AGENT).stream().map(ApiRequest::from).collect(Collectors.toSet());
    }
  }

  private static List<String> denied(Rbac rbac, Set<ApiRequest> calls) {
    return calls.stream().filter(c -> !rbac.allows(c)).map(ApiRequest::toString).sorted().toList();
  }

  private static List<Rbac.Permission> unused(Rbac rbac, Set<ApiRequest> calls) {
    return rbac.permissions().stream()
        .filter(
            p ->
                calls.stream()
                    .noneMatch(
                        c ->
                            c.group().equals(p.group())
                                && c.rbacResource().equals(p.resource())
                                && c.verb().equals(p.verb())))
        .toList();
  }

  private static ApiRequest request(String verb, String group, String resource, String namespace) {
    return new ApiRequest(verb, group, resource, null, namespace, null);
  }
}
