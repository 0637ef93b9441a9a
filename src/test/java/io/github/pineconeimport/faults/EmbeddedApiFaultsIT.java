package io.github.pineconeimport.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.fake.ImportScript;
import io.github.pineconeimport.testing.OperatorHarness;
import io.github.pineconeimport.testing.TestResources;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kubernetes-side faults that must be placed exactly, so they are injected on the embedded API
 * server: a status write that another writer beat (409) and watches that expire (an ERROR event
 * with 410 Gone). Each time the import is started once, ends in the right status, and each
 * transition raises one event.
 */
class EmbeddedApiFaultsIT {

  static final String URI = "s3://demo-bucket/conflicts/";

  OperatorHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void conflictingStatusWritesEndRightWithOneStartAndOneEventPerTransition() throws Exception {
    h = OperatorHarness.start();
    // adoption compares the import's createdAt with the intent's time: the fake on real time
    h.pineconeClock.followRealTime(java.time.Clock.systemUTC());
    h.createSecret(TestResources.API_KEY);
    h.pinecone.startScript(URI, ImportScript.quick());
    // the write of the import's ID after the POST conflicts: another writer (a GitOps tool
    // labelling the resource) wrote between the operator's read and its patch
    h.kube.failStatusWrites("conflicts", "PATCH", 409, 1);
    h.createStarting("conflicts", URI);
    await().atMost(Duration.ofSeconds(20)).until(() -> h.pinecone.postCount(URI) == 1);
    h.client
        .resources(PineconeImport.class)
        .inNamespace(h.namespace)
        .withName("conflicts")
        .edit(
            cr -> {
              cr.getMetadata().setLabels(java.util.Map.of("team", "search"));
              return cr;
            });

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              h.pineconeClock.advance(Duration.ofSeconds(5));
              var s = h.get("conflicts").getStatus();
              return s != null && "Completed".equals(s.getPhase());
            });
    assertThat(h.kube.pendingFaults()).as("the injected 409 was served").isZero();
    assertThat(h.pinecone.postCount(URI)).as("started once").isEqualTo(1);
    assertThat(h.pinecone.requests())
        .as("the ID it was answered is recorded, not listed for")
        .noneMatch(r -> r.method().equals("GET") && r.path().equals("/bulk/imports"));
    var events = h.awaitEvents("conflicts", 2);
    assertThat(events)
        .extracting(Event::getReason)
        .containsExactlyInAnyOrder("ImportStarted", "ImportCompleted");
    assertThat(events).allSatisfy(e -> assertThat(e.getCount()).isEqualTo(1));
    assertThat(h.operator().isReady()).isTrue();
  }

  @Test
  void expiredWatchesRelistAndMissNothing() throws Exception {
    h = OperatorHarness.withoutOperator(Map.of());
    h.pinecone.seed("921", TestResources.SCRIPT);
    h.pinecone.seed("922", TestResources.SCRIPT);
    h.pineconeClock.advance(Duration.ofMinutes(5));
    h.createImport("before", "921");
    h.kube.expireNextWatches("pineconeimports", 3);
    h.kube.expireNextWatches("secrets", 3);
    h.startOperator();

    h.awaitStatus(
        "before",
        s -> s.getConditions().stream().anyMatch(c -> "SecretNotFound".equals(c.getReason())));
    await().atMost(Duration.ofSeconds(20)).until(() -> h.kube.pendingFaults() == 0);
    h.createSecret(TestResources.API_KEY);
    h.awaitPhase("before", "Completed");
    h.createImport("after", "922");
    h.awaitPhase("after", "Completed");
    assertThat(h.awaitEvents("before", 2))
        .extracting(e -> e.getReason() + e.getCount())
        .containsExactlyInAnyOrder("SecretNotFound1", "ImportCompleted1");
    assertThat(h.awaitEvents("after", 1))
        .extracting(e -> e.getReason() + e.getCount())
        .containsExactly("ImportCompleted1");
    await().atMost(Duration.ofSeconds(20)).until(() -> h.operator().isReady());
  }
}
