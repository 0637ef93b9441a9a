package io.github.pineconeimport;

import static io.github.pineconeimport.PineconeImportOperatorTest.condition;
import static io.github.pineconeimport.PineconeImportOperatorTest.sleep;
import static io.github.pineconeimport.testing.TestResources.eventsFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.github.pineconeimport.api.v1alpha1.DeletionPolicy;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.fake.ImportScript;
import io.github.pineconeimport.lifecycle.Cleanup;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.testing.OperatorHarness;
import io.github.pineconeimport.testing.TestResources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** spec.cancel, and what deleting a PineconeImport does to its import (items 4 and 5). */
class CancelAndDeleteIT {

  static final String URI = "s3://demo-bucket/reviews/";

  /** Pending 10s, then 30s of progress (fake time, which the tests move by hand). */
  static final ImportScript RUNNING = PineconeImportOperatorTest.SCRIPT;

  OperatorHarness h;

  @BeforeEach
  void start() throws Exception {
    var env = new HashMap<>(StartExactlyOnceIT.FAST);
    env.put(OperatorConfig.DELETION_TIMEOUT, "3s");
    h = OperatorHarness.withoutOperator(env);
    // real time, as in StartExactlyOnceIT: adoption compares createdAt with the intent's time
    h.pineconeClock.followRealTime(Clock.systemUTC());
    h.pinecone.startScript(RUNNING);
    h.createSecret(TestResources.API_KEY);
    h.startOperator();
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private long deletes(String importId) {
    return h.pinecone.requestsFor(importId).stream()
        .filter(r -> r.method().equals("DELETE"))
        .count();
  }

  private PineconeImport edit(String name, Consumer<PineconeImport> change) {
    return h.client
        .resources(PineconeImport.class)
        .inNamespace(TestResources.NAMESPACE)
        .withName(name)
        .edit(
            r -> {
              change.accept(r);
              return r;
            });
  }

  private String startAndAwaitRunning(String name) {
    h.createStarting(name, URI);
    var s = h.awaitStatus(name, st -> st.getImportId() != null && st.getPhase() != null);
    return s.getImportId();
  }

  private List<Event> awaitEvent(String name, String reason) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> eventsFor(h.client, name).stream().anyMatch(e -> reason.equals(e.getReason())));
    sleep(300);
    return eventsFor(h.client, name).stream().filter(e -> reason.equals(e.getReason())).toList();
  }

  @Test
  void cancelledBeforeTheStartNeverStartsAndCallsNoOne() {
    var cr = TestResources.startingImport("never", h.pinecone.hostAndPort(), URI);
    cr.getSpec().setCancel(true);
    h.client.resource(cr).create();

    var s = h.awaitPhase("never", "Cancelled");
    assertThat(condition(s, "Stalled").getReason()).isEqualTo("ImportCancelled");
    assertThat(condition(s, "Stalled").getMessage()).contains("before it started");
    assertThat(s.getImportId()).isNull();
    // the user asked for it: an outcome, not a failure
    assertThat(awaitEvent("never", "ImportCancelled"))
        .singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Normal"));
    assertThat(h.pinecone.requestCount()).isZero();
    assertThat(h.get("never").getMetadata().getFinalizers()).isNullOrEmpty();
  }

  @Test
  void cancelSendsOneDeleteAndTheImportEndsCancelled() {
    String id = startAndAwaitRunning("stop-me");
    edit("stop-me", r -> r.getSpec().setCancel(true));

    var s = h.awaitPhase("stop-me", "Cancelled");
    assertThat(s.getCancelRequestedAt()).isNotNull();
    assertThat(condition(s, "Stalled").getReason()).isEqualTo("ImportCancelled");
    assertThat(awaitEvent("stop-me", "ImportCancelled"))
        .singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo("Normal"));
    sleep(2000);
    assertThat(deletes(id)).isEqualTo(1);
    assertThat(h.pinecone.currentStatus(id)).contains(BulkImport.CANCELLED);
    assertThat(h.get("stop-me").getMetadata().getFinalizers()).isNullOrEmpty();
  }

  @Test
  void deletingARunningImportWithPolicyCancelCancelsItThenLetsGo() {
    String id = startAndAwaitRunning("delete-me");
    assertThat(h.get("delete-me").getMetadata().getFinalizers()).contains(Cleanup.FINALIZER);
    h.client.resource(h.get("delete-me")).delete();

    h.awaitGone("delete-me");
    assertThat(deletes(id)).isEqualTo(1);
    assertThat(h.pinecone.currentStatus(id)).contains(BulkImport.CANCELLED);
    assertThat(eventsFor(h.client, "delete-me")).noneMatch(e -> e.getType().equals("Warning"));
  }

  @Test
  void deletingWithPolicyOrphanOrAMirrorLeavesTheImportRunning() {
    var cr = TestResources.startingImport("orphan", h.pinecone.hostAndPort(), URI);
    cr.getSpec().setDeletionPolicy(DeletionPolicy.Orphan);
    h.client.resource(cr).create();
    String id = h.awaitStatus("orphan", st -> st.getPhase() != null).getImportId();
    h.client
        .resource(TestResources.pineconeImport("mirror", h.pinecone.hostAndPort(), id))
        .create();
    h.awaitStatus("mirror", st -> st.getPhase() != null);
    assertThat(h.get("orphan").getMetadata().getFinalizers()).isNullOrEmpty();
    assertThat(h.get("mirror").getMetadata().getFinalizers()).isNullOrEmpty();

    h.client.resource(h.get("mirror")).delete();
    h.client.resource(h.get("orphan")).delete();
    h.awaitGone("mirror");
    h.awaitGone("orphan");
    assertThat(deletes(id)).isZero();
    assertThat(h.pinecone.currentStatus(id)).isNotEqualTo(java.util.Optional.of("Cancelled"));
  }

  @Test
  void deletingWhilePineconeIsUnreachableLetsGoAfterTheTimeoutWithAWarning() {
    String id = startAndAwaitRunning("unreachable");
    h.pinecone.close(); // connection refused from now on
    Instant deleted = Instant.now();
    h.client.resource(h.get("unreachable")).delete();

    h.awaitGone("unreachable");
    // DELETION_TIMEOUT is 3s here; never much longer
    assertThat(Duration.between(deleted, Instant.now())).isLessThan(Duration.ofSeconds(15));
    assertThat(awaitEvent("unreachable", "ImportNotCancelled"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getMessage()).contains("import " + id).contains("may still be running");
            });
  }

  @Test
  void deletingAfterTheSecretIsGoneAndARestartLetsGoAtOnceWithAWarning() {
    String id = startAndAwaitRunning("no-key");
    h.client.secrets().inNamespace(TestResources.NAMESPACE).withName(TestResources.SECRET).delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                h.client
                        .secrets()
                        .inNamespace(TestResources.NAMESPACE)
                        .withName(TestResources.SECRET)
                        .get()
                    == null);
    // the key is kept in memory only: a restarted operator has none to cancel with
    h.stopOperator();
    h.startOperator();
    h.client.resource(h.get("no-key")).delete();

    h.awaitGone("no-key");
    assertThat(deletes(id)).isZero();
    assertThat(awaitEvent("no-key", "ImportNotCancelled"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getMessage())
                  .contains("import " + id)
                  .contains("Secret ml/pinecone not found")
                  .contains("may still be running");
              assertThat(e.getMessage()).doesNotContain(TestResources.API_KEY);
            });
  }

  /**
   * What a killed operator leaves when it died right after its POST: an intent, no ID, the
   * finalizer, and the import in Pinecone (created a moment after the intent).
   */
  private PineconeImport startInFlight(String name, boolean cancel) {
    var cr = TestResources.startingImport(name, h.pinecone.hostAndPort(), URI);
    cr.getSpec().setCancel(cancel ? Boolean.TRUE : null);
    cr.getMetadata().setFinalizers(List.of(Cleanup.FINALIZER));
    h.stopOperator();
    var created = h.client.resource(cr).create();
    Instant intent = Instant.now();
    var status = new io.github.pineconeimport.api.v1alpha1.PineconeImportStatus();
    status.setStart(
        new io.github.pineconeimport.api.v1alpha1.StartIntent(intent.toString(), URI, 1));
    created.setStatus(status);
    h.client.resource(created).updateStatus();
    h.pineconeClock.set(intent.plusMillis(100));
    h.pinecone.seed("501", URI, RUNNING);
    return h.get(name);
  }

  @Test
  void cancelWithAStartInFlightAdoptsTheImportThenCancelsIt() {
    startInFlight("cancel-in-flight", true);
    h.startOperator();

    var s = h.awaitPhase("cancel-in-flight", "Cancelled");
    assertThat(s.getImportId()).isEqualTo("501");
    assertThat(deletes("501")).isEqualTo(1);
    assertThat(h.pinecone.postCount(URI)).isZero();
  }

  @Test
  void deletingWithAStartInFlightFindsTheImportAndCancelsIt() {
    startInFlight("delete-in-flight", false);
    h.client.resource(h.get("delete-in-flight")).delete();
    h.startOperator();

    h.awaitGone("delete-in-flight");
    assertThat(deletes("501")).isEqualTo(1);
    assertThat(h.pinecone.postCount(URI)).isZero();
    assertThat(h.pinecone.currentStatus("501")).contains(BulkImport.CANCELLED);
  }

  @Test
  void aMirrorWithPolicyCancelKeepsAFinalizerWhileItRuns() {
    h.pinecone.seed("301", RUNNING);
    var cr = TestResources.pineconeImport("mirror-cancel", h.pinecone.hostAndPort(), "301");
    cr.getSpec().setDeletionPolicy(DeletionPolicy.Cancel);
    h.client.resource(cr).create();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> h.get("mirror-cancel").hasFinalizer(Cleanup.FINALIZER));
    h.client.resource(h.get("mirror-cancel")).delete();
    h.awaitGone("mirror-cancel");
    assertThat(deletes("301")).isEqualTo(1);
  }
}
