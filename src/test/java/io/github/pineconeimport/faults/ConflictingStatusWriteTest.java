package io.github.pineconeimport.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.github.pineconeimport.fake.ImportScript;
import io.github.pineconeimport.testing.OperatorHarness;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Status writes that another writer beat to it (409), injected on the embedded API server where
 * they can be placed exactly: the import is started once, ends in the right status, and each
 * transition raises one event.
 */
class ConflictingStatusWriteTest {

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
    h.createSecret(io.github.pineconeimport.testing.TestResources.API_KEY);
    h.pinecone.startScript(URI, ImportScript.quick());
    // the write of the import's ID after the POST conflicts: another writer (a GitOps tool
    // labelling the resource) wrote between the operator's read and its patch
    h.kube.failStatusWrites("conflicts", "PATCH", 409, 1);
    h.createStarting("conflicts", URI);
    await().atMost(Duration.ofSeconds(20)).until(() -> h.pinecone.postCount(URI) == 1);
    h.client.resources(io.github.pineconeimport.api.v1alpha1.PineconeImport.class)
        .inNamespace(h.namespace).withName("conflicts")
        .edit(cr -> {
          cr.getMetadata().setLabels(java.util.Map.of("team", "search"));
          return cr;
        });

    await().atMost(Duration.ofSeconds(30)).until(() -> {
      h.pineconeClock.advance(Duration.ofSeconds(5));
      var s = h.get("conflicts").getStatus();
      return s != null && "Completed".equals(s.getPhase());
    });
    assertThat(h.kube.pendingFaults()).as("the injected 409 was served").isZero();
    assertThat(h.pinecone.postCount(URI)).as("started once").isEqualTo(1);
    var events = h.awaitEvents("conflicts", 2);
    assertThat(events).extracting(Event::getReason)
        .containsExactlyInAnyOrder("ImportStarted", "ImportCompleted");
    assertThat(events).allSatisfy(e -> assertThat(e.getCount()).isEqualTo(1));
    assertThat(h.operator().isReady()).isTrue();
  }
}
