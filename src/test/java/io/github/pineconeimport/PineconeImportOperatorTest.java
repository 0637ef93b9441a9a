package io.github.pineconeimport;

import static io.github.pineconeimport.testing.TestResources.eventsFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.fake.ImportScript;
import io.github.pineconeimport.status.Conditions;
import io.github.pineconeimport.testing.OperatorHarness;
import io.github.pineconeimport.testing.Scenarios;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole operator on the embedded Kubernetes API against the fake Pinecone. */
class PineconeImportOperatorTest {

  static final ImportScript SCRIPT = io.github.pineconeimport.testing.TestResources.SCRIPT;

  OperatorHarness h;

  @BeforeEach
  void start() throws Exception {
    h = OperatorHarness.start();
    h.createSecret(io.github.pineconeimport.testing.TestResources.API_KEY);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void followsAnImportFromPendingToCompletedWithOneWritePerVisibleChangeAndOneEvent() {
    h.pinecone.seed("101", SCRIPT);
    h.createImport("products", "101");

    h.awaitPhase("products", "Pending");
    h.pineconeClock.advance(Duration.ofSeconds(10));
    h.awaitStatus(
        "products",
        s ->
            "InProgress".equals(s.getPhase())
                && Double.valueOf(0.0).equals(s.getPercentComplete()));
    h.pineconeClock.advance(Duration.ofSeconds(10));
    var mid = h.awaitStatus("products", s -> Double.valueOf(33.3).equals(s.getPercentComplete()));
    assertThat(mid.getRecordsImported()).isEqualTo(300L);
    assertThat(condition(mid, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(mid, "Reconciling").getStatus()).isEqualTo("True");
    assertThat(condition(mid, "Reconciling").getReason()).isEqualTo("ImportInProgress");
    h.pineconeClock.advance(Duration.ofSeconds(10));
    h.awaitStatus("products", s -> Double.valueOf(66.7).equals(s.getPercentComplete()));
    h.pineconeClock.advance(Duration.ofSeconds(10));
    h.awaitStatus("products", s -> Double.valueOf(100.0).equals(s.getPercentComplete()));
    h.pineconeClock.advance(Duration.ofSeconds(10));
    var done = h.awaitPhase("products", "Completed");

    assertThat(done.getRecordsImported()).isEqualTo(900L);
    assertThat(done.getPercentComplete()).isEqualTo(100.0);
    assertThat(done.getUri()).isEqualTo("s3://demo-bucket/101/");
    assertThat(done.getCreatedAt()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(done.getFinishedAt()).isEqualTo("2026-01-01T00:00:50Z");
    assertThat(done.getObservedGeneration())
        .isEqualTo(h.get("products").getMetadata().getGeneration());
    assertThat(condition(done, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(done, "Ready").getReason()).isEqualTo("ImportCompleted");
    assertThat(condition(done, "Reconciling").getStatus()).isEqualTo("False");
    assertThat(condition(done, "Stalled").getStatus()).isEqualTo("False");

    List<Event> events = awaitEvents("products", 1);
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getReason()).isEqualTo("ImportCompleted");
              assertThat(e.getType()).isEqualTo("Normal");
              assertThat(e.getMessage()).contains("900 records imported");
            });

    // Pending, 0%, 33.3%, 66.7%, 100% indexing, Completed: one write each, nothing more
    h.kube.settle();
    assertThat(h.pinecone.servedStates("101")).hasSize(6);
    assertThat(h.kube.statusWrites("products")).isEqualTo(6);
  }

  @Test
  void aRestartedOperatorContinuesMidImportAndRaisesNoDuplicateEvent() throws Exception {
    Scenarios.restartMidImportThenAfterTheEnd(h, () -> h.statusWrites("restarts"));
  }

  private List<Event> awaitEvents(String name, int count) {
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> eventsFor(h.client, name).size() >= count);
    sleep(300); // a duplicate would show up right behind the first
    return eventsFor(h.client, name);
  }

  static Condition condition(PineconeImportStatus s, String type) {
    return Conditions.find(s.getConditions(), type).orElseThrow();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
