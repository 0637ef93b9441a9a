package io.github.pineconeimport;

import static io.github.pineconeimport.PineconeImportOperatorTest.condition;
import static io.github.pineconeimport.testing.TestResources.SCRIPT;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.fake.Fault;
import io.github.pineconeimport.testing.AuditLog;
import io.github.pineconeimport.testing.RealOperatorHarness;
import io.github.pineconeimport.testing.Scenarios;
import io.github.pineconeimport.testing.TestResources;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The whole operator on a real kube-apiserver (shared, {@code RealKube}) against the fake Pinecone:
 * what the mock-based tests check, with the server's own validation, defaulting, status subresource
 * and watches in the loop, and every write counted from its audit log.
 */
class RealServerOperatorIT {

  RealOperatorHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  RealOperatorHarness start(TestInfo test, Map<String, String> env) throws Exception {
    h = RealOperatorHarness.start(test.getTestMethod().orElseThrow().getName(), env);
    return h;
  }

  @Test
  void followsAnImportFromPendingToCompletedWithOneWritePerVisibleChangeAndOneEvent(TestInfo test)
      throws Exception {
    start(test, Map.of()).createSecret(TestResources.API_KEY);
    h.pinecone.seed("101", SCRIPT);
    h.createImport("products", "101");

    h.awaitPhase("products", "Pending");
    for (double percent : new double[] {0.0, 33.3, 66.7, 100.0}) {
      h.pineconeClock.advance(Duration.ofSeconds(10));
      h.awaitStatus("products", s -> Double.valueOf(percent).equals(s.getPercentComplete()));
    }
    h.pineconeClock.advance(Duration.ofSeconds(10));
    var done = h.awaitPhase("products", "Completed");

    assertThat(done.getRecordsImported()).isEqualTo(900L);
    assertThat(done.getObservedGeneration())
        .isEqualTo(h.get("products").getMetadata().getGeneration());
    assertThat(condition(done, "Ready").getStatus()).isEqualTo("True");
    assertThat(h.awaitEvents("products", 1))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getReason()).isEqualTo("ImportCompleted");
              assertThat(e.getType()).isEqualTo("Normal");
            });
    // Pending, 0%, 33.3%, 66.7%, 100% indexing, Completed: six visible states, six writes
    h.settle();
    assertThat(h.pinecone.servedStates("101")).hasSize(6);
    assertThat(h.statusWrites("products")).isEqualTo(6);
    // the only refusal: the event recorder's GET of an Event it has not created yet
    assertThat(h.operatorRequests())
        .filteredOn(e -> e.code() >= 400)
        .allSatisfy(
            e ->
                assertThat(e.verb() + " " + e.resource() + " " + e.code())
                    .isEqualTo("get events 404"));
  }

  @Test
  void afterTheEndItNeitherAsksPineconeNorWrites(TestInfo test) throws Exception {
    start(test, Map.of()).createSecret(TestResources.API_KEY);
    h.pinecone.seed("101", SCRIPT);
    h.pineconeClock.advance(Duration.ofMinutes(5));
    h.createImport("done", "101");
    h.awaitPhase("done", "Completed");
    h.awaitEvents("done", 1);
    h.settle();
    int requests = h.pinecone.requestsFor("101").size();
    long writes = operatorWrites(h);

    Thread.sleep(3500); // more than three poll intervals of 1s

    h.settle();
    assertThat(requests).isEqualTo(1);
    assertThat(h.pinecone.requestsFor("101")).hasSize(requests);
    assertThat(h.statusWrites("done")).isEqualTo(1);
    // the status write and the event: nothing since
    assertThat(writes).isEqualTo(2);
    assertThat(operatorWrites(h)).isEqualTo(writes);
  }

  @Test
  void aFailedAndACancelledImportStallWithOneWarningEach(TestInfo test) throws Exception {
    start(test, Map.of()).createSecret(TestResources.API_KEY);
    h.pinecone.seed("102", SCRIPT.failingWith("Invalid parquet file: vectors.parquet row 17"));
    h.pinecone.seed("103", SCRIPT);
    h.createImport("broken", "102");
    h.createImport("stopped", "103");
    h.awaitPhase("stopped", "Pending");
    h.pinecone.cancel("103");
    h.pineconeClock.advance(Duration.ofMinutes(5));

    var failed = h.awaitPhase("broken", "Failed");
    assertThat(failed.getError()).isEqualTo("Invalid parquet file: vectors.parquet row 17");
    assertThat(condition(failed, "Stalled").getReason()).isEqualTo("ImportFailed");
    var cancelled = h.awaitPhase("stopped", "Cancelled");
    assertThat(condition(cancelled, "Stalled").getReason()).isEqualTo("ImportCancelled");
    assertThat(h.awaitEvents("broken", 1))
        .singleElement()
        .satisfies(e -> assertThat(e.getReason()).isEqualTo("ImportFailed"));
    // cancelled in Pinecone, not through spec.cancel: nobody here asked for it
    assertThat(h.awaitEvents("stopped", 1))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getReason()).isEqualTo("ImportCancelled");
              assertThat(e.getType()).isEqualTo("Warning");
            });
  }

  /** Every reason that waits on a person, side by side in one namespace, one event each. */
  @Test
  void eachProblemThatNeedsAPersonStallsWithItsReasonAndOneEvent(TestInfo test) throws Exception {
    start(test, Map.of()).createSecret(TestResources.API_KEY);
    h.client
        .resource(
            TestResources.apiKeySecret(h.namespace, "wrong-key", "apiKey", "pcsk_not_the_key"))
        .create();
    h.pinecone.seed("301", SCRIPT).seed("302", SCRIPT).seed("303", SCRIPT);
    h.pinecone.fault("301", Fault.status(403, "Forbidden"));
    h.pinecone.fault("302", Fault.status(400, "Bad request"));
    h.pinecone.fault("303", new Fault.Respond(302, "", "text/plain", null));

    h.createImport("forbidden", "301");
    h.createImport("bad-request", "302");
    h.createImport("redirected", "303");
    h.createImport("not-found", "999");
    create(h.importOf("no-secret", "301"), i -> i.getSpec().getApiKeySecretRef().setName("absent"));
    create(h.importOf("no-key", "301"), i -> i.getSpec().getApiKeySecretRef().setKey("other"));
    create(
        h.importOf("unauthorized", "301"),
        i -> i.getSpec().getApiKeySecretRef().setName("wrong-key"));
    create(h.importOf("elsewhere", "301"), i -> i.getSpec().setIndexHost("idx.example.com"));
    // a pollInterval of 0s, once InvalidSpec here, is refused by the CRD now (RealServerCrdIT)

    Map<String, String> expected =
        Map.of(
            "forbidden",
            "Forbidden",
            "bad-request",
            "BadRequest",
            "redirected",
            "UnexpectedRedirect",
            "not-found",
            "ImportNotFound",
            "no-secret",
            "SecretNotFound",
            "no-key",
            "SecretKeyNotFound",
            "unauthorized",
            "Unauthorized",
            "elsewhere",
            "HostNotAllowed");
    expected.forEach(
        (name, reason) -> {
          var s = h.awaitStatus(name, st -> stalled(st, reason));
          assertThat(condition(s, "Ready").getStatus()).as(name).isEqualTo("False");
          assertThat(condition(s, "Reconciling").getStatus()).as(name).isEqualTo("False");
        });
    expected.forEach(
        (name, reason) ->
            assertThat(h.awaitEvents(name, 1))
                .as(name)
                .singleElement()
                .satisfies(
                    e -> {
                      assertThat(e.getType()).isEqualTo("Warning");
                      assertThat(e.getReason()).isEqualTo(reason);
                    }));
    h.settle();
    expected.keySet().forEach(name -> assertThat(h.statusWrites(name)).as(name).isEqualTo(1));
  }

  @Test
  void aSecretCreatedLateOrRotatedBringsTheImportInWithinSeconds(TestInfo test) throws Exception {
    start(test, Map.of());
    h.pinecone.seed("206", SCRIPT);
    h.createImport("later", "206");
    h.awaitStatus("later", st -> stalled(st, "SecretNotFound"));
    assertThat(h.pinecone.requestCount()).isZero();

    h.createSecret("pcsk_a_key_pinecone_rejects");
    // the stalled retry is 10 minutes here: only the Secret's watch event explains this
    h.awaitStatus("later", st -> stalled(st, "Unauthorized"));

    var secret =
        TestResources.apiKeySecret(
            h.namespace, TestResources.SECRET, "apiKey", TestResources.API_KEY);
    h.client.resource(secret).update();
    h.awaitPhase("later", "Pending");
    assertThat(condition(h.get("later").getStatus(), "Stalled").getStatus()).isEqualTo("False");
    assertThat(h.events("later"))
        .extracting(Event::getReason)
        .containsExactlyInAnyOrder("SecretNotFound", "Unauthorized");
  }

  @Test
  void aRestartedOperatorRaisesNoDuplicateEventAndWritesNothing(TestInfo test) throws Exception {
    start(test, Map.of()).createSecret(TestResources.API_KEY);
    Scenarios.restartMidImportThenAfterTheEnd(h, () -> operatorWrites(h));
  }

  private void create(
      io.github.pineconeimport.api.v1alpha1.PineconeImport cr,
      java.util.function.Consumer<io.github.pineconeimport.api.v1alpha1.PineconeImport> edit) {
    edit.accept(cr);
    h.client.resource(cr).create();
  }

  /** Creates, updates and patches by the operator in the test's namespace. */
  static long operatorWrites(RealOperatorHarness h) {
    return h.operatorRequests().stream().filter(AuditLog.Entry::isWrite).count();
  }

  static boolean stalled(PineconeImportStatus s, String reason) {
    return s.getConditions().stream()
        .anyMatch(
            c ->
                c.getType().equals("Stalled")
                    && c.getStatus().equals("True")
                    && reason.equals(c.getReason()));
  }
}
