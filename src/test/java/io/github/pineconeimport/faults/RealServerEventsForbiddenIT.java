package io.github.pineconeimport.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.Role;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.fake.ImportScript;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.testing.AuditLog;
import io.github.pineconeimport.testing.RealKube;
import io.github.pineconeimport.testing.RealOperatorHarness;
import io.github.pineconeimport.testing.TestResources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The namespaced install with the events rule taken out of its Role, on a real API server: every
 * event is refused, yet status tells each import's story, each refused event costs one request, and
 * the operator stays healthy and ready (nothing to crash-loop over).
 */
class RealServerEventsForbiddenIT {

  static final String OPERATOR = "pinecone-import-operator";

  final RealKube kube = RealKube.get();

  @Test
  void withEventsForbiddenStatusIsStillRightAndNothingRetriesOrCrashes() throws Exception {
    String ns = kube.newNamespace("events-forbidden");
    kube.applyNamespacedOverlay(ns);
    kube.client().rbac().roles().inNamespace(ns).withName(OPERATOR).edit(r -> withoutEvents(r));

    var env = Map.of(OperatorConfig.WATCH_NAMESPACES, ns, OperatorConfig.HEALTH_PORT, "0");
    String user = "system:serviceaccount:" + ns + ":" + OPERATOR;
    try (var h = RealOperatorHarness.start(kube, ns, env, () -> kube.clientAs(ns, OPERATOR))) {
      h.createSecret(TestResources.API_KEY);
      h.pinecone.seed("911", TestResources.SCRIPT);
      h.pinecone.seed(
          "912",
          new ImportScript(
              Duration.ofSeconds(10),
              Duration.ofSeconds(30),
              Duration.ofSeconds(10),
              3,
              900,
              BulkImport.FAILED,
              "no such bucket"));
      h.pineconeClock.advance(Duration.ofMinutes(5));
      h.createImport("completes", "911");
      h.createImport("fails", "912");

      assertThat(h.awaitPhase("completes", "Completed").getConditions())
          .anySatisfy(c -> assertThat(c.getType() + c.getStatus()).isEqualTo("ReadyTrue"));
      assertThat(h.awaitPhase("fails", "Failed").getConditions())
          .anySatisfy(
              c ->
                  assertThat(c.getType() + c.getStatus() + c.getReason())
                      .isEqualTo("StalledTrueImportFailed"));
      Thread.sleep(3000); // room for retries, if there were any
      h.settle();

      List<AuditLog.Entry> eventCalls =
          kube.audit().entries(ns, e -> user.equals(e.actingUser()) && e.on("events"));
      assertThat(eventCalls)
          .as("one refused request per transition, no retry")
          .hasSize(2)
          .allMatch(e -> e.code() == 403);
      assertThat(h.events("completes")).isEmpty();
      assertThat(h.statusWrites("completes")).isEqualTo(1);
      assertThat(h.statusWrites("fails")).isEqualTo(1);
      assertThat(h.operator().isHealthy()).isTrue();
      assertThat(h.operator().isReady()).isTrue();
    }
  }

  private static Role withoutEvents(Role role) {
    role.getRules().removeIf(rule -> rule.getResources().contains("events"));
    return role;
  }
}
