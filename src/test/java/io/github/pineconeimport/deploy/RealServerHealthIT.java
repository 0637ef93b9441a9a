package io.github.pineconeimport.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.deploy.ArgoHealth.Health;
import io.github.pineconeimport.fake.ImportScript;
import io.github.pineconeimport.testing.RealOperatorHarness;
import io.github.pineconeimport.testing.TestResources;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Argo CD's health script and Flux's healthCheckExprs on statuses the operator wrote to a real API
 * server and read back from it as JSON, the way both tools see them: through the server's schema
 * (pruning, defaults) rather than the operator's Java objects.
 */
class RealServerHealthIT {

  record Verdict(String argo, FluxHealth.Health flux) {}

  @Test
  void argoAndFluxReadEveryKindOfStatusAsTheyShould() throws Exception {
    try (var h = RealOperatorHarness.start("health", Map.of())) {
      h.createSecret(TestResources.API_KEY);
      h.client
          .resource(
              TestResources.apiKeySecret(h.namespace, "wrong-key", "apiKey", "pcsk_not_the_key"))
          .create();
      h.pinecone
          .seed("101", TestResources.SCRIPT)
          .seed("102", TestResources.SCRIPT.failingWith("Invalid parquet file"))
          .seed("103", TestResources.SCRIPT)
          .seed(
              "104",
              new ImportScript(
                  Duration.ofHours(1),
                  Duration.ofHours(1),
                  Duration.ofMinutes(1),
                  3,
                  900,
                  "Completed",
                  null))
          .seed("105", TestResources.SCRIPT.withValidation(890, 10))
          .seed("106", TestResources.SCRIPT)
          .refuseApiVersion("2025-10");
      h.createImport("completed", "101");
      h.createImport("skipped", "105");
      var retired = h.importOf("retired-version", "106");
      retired.getSpec().setPineconeApiVersion("2025-10");
      h.client.resource(retired).create();
      h.createImport("failed", "102");
      h.createImport("cancelled", "103");
      h.createImport("pending", "104");
      var denied = h.importOf("denied", "101");
      denied.getSpec().getApiKeySecretRef().setName("wrong-key");
      h.client.resource(denied).create();
      h.awaitPhase("cancelled", "Pending");
      h.pinecone.cancel("103");
      h.pineconeClock.advance(Duration.ofMinutes(5));
      h.awaitPhase("completed", "Completed");
      h.awaitPhase("skipped", "Completed");
      h.awaitStatus(
          "retired-version",
          s ->
              s.getConditions().stream()
                  .anyMatch(c -> "ApiVersionUnsupported".equals(c.getReason())));
      h.awaitPhase("failed", "Failed");
      h.awaitPhase("cancelled", "Cancelled");
      h.awaitPhase("pending", "Pending");
      h.awaitStatus(
          "denied",
          s -> s.getConditions().stream().anyMatch(c -> "Unauthorized".equals(c.getReason())));
      Map<String, Verdict> actual = new LinkedHashMap<>();
      for (String name :
          List.of(
              "completed",
              "skipped",
              "pending",
              "failed",
              "cancelled",
              "denied",
              "retired-version")) {
        actual.put(name, verdict(h, name));
      }
      h.stopOperator();

      // with no operator running: an import it has not seen, and a spec changed after the end
      h.createImport("unseen", "101");
      actual.put("unseen", verdict(h, "unseen"));
      PineconeImport changed = h.get("completed");
      changed.getSpec().setPollInterval("2m");
      h.client.resource(changed).update();
      actual.put("completed, spec changed since", verdict(h, "completed"));

      assertThat(actual)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "completed",
                  new Verdict("Healthy", FluxHealth.Health.CURRENT),
                  "skipped",
                  new Verdict("Healthy", FluxHealth.Health.CURRENT),
                  "retired-version",
                  new Verdict("Degraded", FluxHealth.Health.FAILED),
                  "pending",
                  new Verdict("Progressing", FluxHealth.Health.IN_PROGRESS),
                  "failed",
                  new Verdict("Degraded", FluxHealth.Health.FAILED),
                  "cancelled",
                  new Verdict("Degraded", FluxHealth.Health.FAILED),
                  "denied",
                  new Verdict("Degraded", FluxHealth.Health.FAILED),
                  "unseen",
                  new Verdict("Progressing", FluxHealth.Health.EVALUATION_ERROR),
                  "completed, spec changed since",
                  new Verdict("Progressing", FluxHealth.Health.IN_PROGRESS)));
    }
  }

  /** Both tools' verdicts on the import as the server serves it (JSON, no Java types). */
  private static Verdict verdict(RealOperatorHarness h, String name) throws Exception {
    GenericKubernetesResource served =
        h.client
            .genericKubernetesResources("pinecone.io/v1alpha1", "PineconeImport")
            .inNamespace(h.namespace)
            .withName(name)
            .get();
    Health argo = ArgoHealth.of(served);
    return new Verdict(argo.status(), FluxHealth.of(served));
  }
}
