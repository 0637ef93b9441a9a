package io.github.pineconeimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.fake.Fault;
import io.github.pineconeimport.lifecycle.Cleanup;
import io.github.pineconeimport.testing.ControllerManager;
import io.github.pineconeimport.testing.RealKube;
import io.github.pineconeimport.testing.RealOperatorHarness;
import io.github.pineconeimport.testing.TestResources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A namespace deleted as on a cluster: a kube-controller-manager deletes everything in it, the
 * Secret included and in an order nobody controls, while the API server refuses new Events there.
 * Imports with policy Cancel are still cancelled, each once, and the namespace still goes.
 */
class RealServerNamespaceDeletionIT {

  static final String URI = "s3://demo-bucket/namespace-deletion/";

  static RealKube kube;
  static ControllerManager controllers;

  final String operatorNamespace = RealKube.get().newNamespace("operator-home");
  RealOperatorHarness h;

  @BeforeAll
  static void startControllers() {
    kube = RealKube.get();
    controllers = ControllerManager.start(kube);
  }

  @AfterAll
  static void stopControllers() {
    if (controllers != null) {
      controllers.close();
    }
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void deletingTheNamespaceCancelsEachRunningImportOnceAndTheNamespaceGoes() throws Exception {
    h =
        RealOperatorHarness.start(
            "ns-deletion", Map.of(OperatorConfig.POD_NAMESPACE, operatorNamespace));
    h.pinecone.startScript(TestResources.SCRIPT);
    h.createSecret(TestResources.API_KEY);
    List<String> names = List.of("first", "second", "third");
    names.forEach(n -> h.createStarting(n, URI + n + "/"));
    names.forEach(n -> h.awaitStatus(n, s -> s.getImportId() != null));
    h.pineconeClock.advance(Duration.ofSeconds(15));
    for (String n : names) {
      h.awaitStatus(n, s -> "InProgress".equals(s.getPhase()) && s.getImportId() != null);
      assertThat(h.get(n).hasFinalizer(Cleanup.FINALIZER)).as(n).isTrue();
    }
    List<String> ids = names.stream().map(n -> h.get(n).getStatus().getImportId()).toList();
    assertThat(h.pinecone.imports()).hasSize(3);

    Instant deleted = Instant.now();
    var result =
        kube.kubectl()
            .run(java.nio.file.Path.of("."), "delete", "namespace", h.namespace, "--wait=false");
    assertThat(result.exitCode()).as(result.stderr()).isZero();

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> kube.client().namespaces().withName(h.namespace).get() == null);
    System.out.printf(
        "Namespace with 3 running imports gone %d ms after the delete%n",
        Duration.between(deleted, Instant.now()).toMillis());
    for (String id : ids) {
      assertThat(
              h.pinecone.requestsFor(id).stream().filter(r -> r.method().equals("DELETE")).count())
          .as("DELETEs for import " + id)
          .isEqualTo(1);
      assertThat(h.pinecone.currentStatus(id)).as(id).contains("Cancelled");
    }
    assertThat(
            kube.client().v1().events().inNamespace(operatorNamespace).list().getItems().stream()
                .filter(e -> "ImportNotCancelled".equals(e.getReason())))
        .as("no import reported as left running")
        .isEmpty();
  }

  /**
   * {@code kubectl delete --cascade=foreground}: the garbage collector takes its own finalizer off
   * while the operator cancels, so the operator's finalizer patch meets a newer resourceVersion. As
   * the namespaced install's ServiceAccount (no get on pineconeimports) nothing is refused, the
   * import is cancelled once and the resource goes.
   */
  @Test
  void aForegroundDeletionAsTheServiceAccountCancelsOnceAndIsNeverRefused() throws Exception {
    String ns = kube.newNamespace("foreground");
    kube.applyNamespacedOverlay(ns);
    h =
        RealOperatorHarness.start(
            kube,
            ns,
            Map.of(OperatorConfig.POD_NAMESPACE, ns),
            () -> kube.clientAs(ns, "pinecone-import-operator"));
    h.pinecone.startScript(TestResources.SCRIPT);
    h.createSecret(TestResources.API_KEY);
    var cr = TestResources.startingImport(ns, "products", h.pinecone.hostAndPort(), URI);
    // no poll between the start and the deletion: the next request for the import is the cancel
    cr.getSpec().setPollInterval("1h");
    h.client.resource(cr).create();
    String id =
        h.awaitStatus("products", s -> s.getImportId() != null && s.getPhase() != null)
            .getImportId();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> h.get("products").hasFinalizer(Cleanup.FINALIZER));
    // a slow cancel: the garbage collector's write lands while the operator waits for it
    h.pinecone.fault(id, new Fault.Slow(Duration.ofSeconds(2)));

    var result =
        kube.kubectl()
            .run(
                java.nio.file.Path.of("."),
                "delete",
                "pineconeimport",
                "products",
                "-n",
                ns,
                "--cascade=foreground",
                "--wait=false");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    h.awaitGone("products");

    assertThat(h.pinecone.requestsFor(id).stream().filter(r -> r.method().equals("DELETE")).count())
        .isEqualTo(1);
    h.settle();
    String user = "system:serviceaccount:" + ns + ":pinecone-import-operator";
    var calls =
        kube.audit().entries(ns, e -> user.equals(e.actingUser()) && e.on("pineconeimports"));
    System.out.printf(
        "Operator's requests on pineconeimports during a foreground deletion: %s%n",
        calls.stream().map(e -> e.verb() + " " + e.code()).toList());
    assertThat(calls).as("refused").noneMatch(e -> e.code() == 403);
    assertThat(calls)
        .as("the finalizer patch met the garbage collector's write")
        .anyMatch(e -> e.verb().equals("patch") && e.code() == 409);
    assertThat(calls).as("reads by name").noneMatch(e -> e.verb().equals("get"));
  }
}
