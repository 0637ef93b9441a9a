package io.github.pineconeimport;

import static io.github.pineconeimport.PineconeImportOperatorTest.condition;
import static io.github.pineconeimport.PineconeImportOperatorTest.sleep;
import static io.github.pineconeimport.testing.TestResources.eventsFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.api.v1alpha1.StartIntent;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.fake.Fault;
import io.github.pineconeimport.lifecycle.Cleanup;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.testing.OperatorHarness;
import io.github.pineconeimport.testing.TestResources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Item 1 of the issue: whatever goes wrong around a start, Pinecone gets exactly one import per
 * resource and the resource ends tracking it. Each test counts the POSTs the fake received for the
 * resource's uri.
 */
class StartExactlyOnceIT {

  /**
   * Short timeouts so the in-flight window (connect + request timeout + skew = 4s) passes within a
   * test; the fake's slow answer (6s) outlasts the request timeout.
   */
  static final Map<String, String> FAST =
      Map.of(
          OperatorConfig.CONNECT_TIMEOUT, "1s",
          OperatorConfig.REQUEST_TIMEOUT, "2s",
          OperatorConfig.START_CLOCK_SKEW, "1s");

  static final String URI = "s3://demo-bucket/products/2024-08/";

  OperatorHarness h;

  @BeforeEach
  void fakes() throws Exception {
    h = OperatorHarness.withoutOperator(FAST);
    // imports the fake creates carry its clock in createdAt, which adoption compares with the
    // time the operator recorded its intent: the fake runs on real time (a frozen clock made a
    // slow start look older than its intent); its imports run long, the tests end them by hand
    h.pineconeClock.followRealTime(Clock.systemUTC());
    h.pinecone.startScript(PineconeImportOperatorTest.SCRIPT);
    h.createSecret(TestResources.API_KEY);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  /** The one import the fake holds for the uri, and that the resource tracks it. */
  private BulkImport assertExactlyOneImportTracked(String name) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                h.get(name).getStatus() != null
                    && h.get(name).getStatus().getImportId() != null
                    && h.get(name).getStatus().getPhase() != null);
    sleep(1500); // a second start would come right behind
    assertThat(h.pinecone.importsWithUri(URI)).hasSize(1);
    BulkImport only = h.pinecone.importsWithUri(URI).get(0);
    assertThat(h.get(name).getStatus().getImportId()).isEqualTo(only.id());
    return only;
  }

  @Test
  void startsOnceRecordsTheIdAndRaisesImportStarted() {
    h.startOperator();
    h.createStarting("products", URI);

    BulkImport started = assertExactlyOneImportTracked("products");
    assertThat(h.pinecone.postCount(URI)).isEqualTo(1);
    PineconeImportStatus s = h.get("products").getStatus();
    assertThat(s.getStart().getUri()).isEqualTo(URI);
    assertThat(s.getStart().getAttempt()).isEqualTo(1);
    assertThat(h.get("products").getMetadata().getFinalizers()).contains(Cleanup.FINALIZER);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                eventsFor(h.client, "products").stream()
                    .anyMatch(e -> e.getReason().equals("ImportStarted")));
    assertThat(eventsFor(h.client, "products"))
        .filteredOn(e -> e.getReason().equals("ImportStarted"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Normal");
              assertThat(e.getMessage()).contains(started.id()).contains(URI);
            });

    // it ends as a tracked import does, and the finalizer goes with the work
    h.pineconeClock.advance(Duration.ofMinutes(5));
    h.awaitPhase("products", "Completed");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !h.get("products").hasFinalizer(Cleanup.FINALIZER));
    assertThat(h.pinecone.postCount(URI)).isEqualTo(1);
  }

  /** Starts whose answer is lost after Pinecone created the import: adopted, never resent. */
  static Stream<Arguments> lostAnswers() {
    return Stream.of(
        Arguments.of("connection dropped after create", Fault.dropAfterCreate()),
        Arguments.of("503 after create", Fault.statusAfterCreate(503, "upstream timeout")),
        Arguments.of(
            "answer after the client's timeout", Fault.slowAfterCreate(Duration.ofSeconds(6))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lostAnswers")
  void aStartWhoseAnswerIsLostIsAdoptedNotResent(String why, Fault fault) {
    h.pinecone.faultStarts(fault);
    h.startOperator();
    h.createStarting("lost-answer", URI);
    assertExactlyOneImportTracked("lost-answer");
    assertThat(h.pinecone.postCount(URI)).isEqualTo(1);
    assertThat(h.get("lost-answer").getStatus().getStart().getAttempt()).isEqualTo(1);
  }

  /**
   * Another tenant names this resource's just-started import, in its own namespace, by
   * spec.importId (and then tracks it, so its status carries the ID too). Neither is a start this
   * operator made for that resource, so the import is still adopted here and never started again.
   */
  @Test
  void anotherNamespacesResourceNamingTheImportDoesNotStopItsAdoption() {
    h.pinecone.faultStarts(Fault.dropAfterCreate());
    h.startOperator();
    h.createStarting("tenant-a", URI);
    await().atMost(Duration.ofSeconds(10)).until(() -> h.pinecone.importsWithUri(URI).size() == 1);
    String id = h.pinecone.importsWithUri(URI).get(0).id();

    String other = "tenant-b";
    h.client
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(other)
                .endMetadata()
                .build())
        .create();
    h.client
        .resource(
            TestResources.apiKeySecret(
                other, TestResources.SECRET, "apiKey", TestResources.API_KEY))
        .create();
    h.client
        .resource(TestResources.pineconeImport(other, "follows-a", h.pinecone.hostAndPort(), id))
        .create();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              var b = TestResources.get(h.client, other, "follows-a");
              return b.getStatus() != null && id.equals(b.getStatus().getImportId());
            });

    BulkImport adopted = assertExactlyOneImportTracked("tenant-a");
    assertThat(adopted.id()).isEqualTo(id);
    assertThat(h.pinecone.postCount(URI)).isEqualTo(1);
  }

  @Test
  void serverErrorBeforeAnythingWasCreatedStartsOnceAfterTheList() {
    h.pinecone.faultStarts(Fault.status(503, "unavailable"));
    h.startOperator();
    h.createStarting("not-created", URI);
    assertExactlyOneImportTracked("not-created");
    // the 503 created nothing, the list showed nothing, the second attempt created the import
    assertThat(h.pinecone.postCount(URI)).isEqualTo(2);
    assertThat(h.get("not-created").getStatus().getStart().getAttempt()).isEqualTo(2);
  }

  @Test
  void rateLimitedStartCreatedNothingSoItRetriesWithoutAList() {
    h.pinecone.faultStarts(Fault.status(429, "too many requests"));
    h.startOperator();
    h.createStarting("limited", URI);
    assertExactlyOneImportTracked("limited");
    // 429 is a refusal before anything was created: the intent went, the retry is attempt 1 again
    assertThat(h.pinecone.postCount(URI)).isEqualTo(2);
    assertThat(h.get("limited").getStatus().getStart().getAttempt()).isEqualTo(1);
    assertThat(h.pinecone.requests())
        .noneMatch(r -> r.method().equals("GET") && r.path().equals("/bulk/imports"));
  }

  @Test
  void statusWriteOfTheIdFailsAfterThePost() {
    // the intent is a PUT, the ID a JSON patch: the patch fails as if the operator died there
    h.kube.failStatusWrites("lost-write", "PATCH", 500, 1);
    h.startOperator();
    h.createStarting("lost-write", URI);
    assertExactlyOneImportTracked("lost-write");
    assertThat(h.pinecone.postCount(URI)).isEqualTo(1);
  }

  @Test
  void intentWriteConflictsSoThatReconcileDoesNotPost() {
    h.kube.failStatusWrites("conflict", "PUT", 409, 2);
    h.startOperator();
    h.createStarting("conflict", URI);
    assertExactlyOneImportTracked("conflict");
    assertThat(h.pinecone.postCount(URI)).isEqualTo(1);
  }

  @Test
  void operatorKilledAfterTheIntentBeforeThePost() {
    var cr = h.createStarting("killed-before", URI);
    writeIntent(cr, Instant.now());
    h.startOperator();

    assertExactlyOneImportTracked("killed-before");
    // the earlier operator never sent its POST: the list was empty, so this is attempt 2
    assertThat(h.pinecone.postCount(URI)).isEqualTo(1);
    assertThat(h.get("killed-before").getStatus().getStart().getAttempt()).isEqualTo(2);
  }

  @Test
  void operatorKilledAfterThePostBeforeTheStatusWrite() {
    var cr = h.createStarting("killed-after", URI);
    Instant intent = Instant.now();
    writeIntent(cr, intent);
    // what the killed operator's POST left behind, plus an older import of the same uri that a
    // person started by hand (not ours: created before the intent) and one this operator started
    // for another resource (its intent resolved to that ID)
    h.pineconeClock.set(intent.minusSeconds(600));
    h.pinecone.seed("90", URI, PineconeImportOperatorTest.SCRIPT);
    h.pineconeClock.set(intent.plusMillis(200));
    h.pinecone.seed("91", URI, PineconeImportOperatorTest.SCRIPT);
    h.pinecone.seed("92", URI, PineconeImportOperatorTest.SCRIPT);
    var sibling = h.createStarting("sibling", URI);
    var started = new PineconeImportStatus();
    started.setStart(new StartIntent(intent.toString(), URI, 1));
    started.setImportId("91");
    sibling.setStatus(started);
    h.client.resource(sibling).updateStatus();
    h.startOperator();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "92".equals(h.get("killed-after").getStatus().getImportId()));
    sleep(1500);
    assertThat(h.pinecone.postCount(URI)).isZero();
    assertThat(h.get("killed-after").getStatus().getStart().getAttempt()).isEqualTo(1);
  }

  @Test
  void operatorStoppedWhileItsPostIsUnderWayAndStartedAgain() {
    h.pinecone.faultStarts(Fault.slowAfterCreate(Duration.ofSeconds(6)));
    h.startOperator();
    h.createStarting("stopped-mid-post", URI);
    await().atMost(Duration.ofSeconds(20)).until(() -> h.pinecone.postCount(URI) == 1);
    h.stopOperator(); // the POST is still waiting for its answer
    h.startOperator();

    assertExactlyOneImportTracked("stopped-mid-post");
    assertThat(h.pinecone.postCount(URI)).isEqualTo(1);
  }

  @Test
  void twoOperatorInstancesRacingOnOneResourceStartOnce() {
    h.startInstance(Map.of(), "replica-a");
    h.startInstance(Map.of(), "replica-b");
    for (int i = 0; i < 5; i++) {
      h.client
          .resource(
              TestResources.startingImport("race-" + i, h.pinecone.hostAndPort(), URI + i + "/"))
          .create();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                java.util.stream.IntStream.range(0, 5)
                    .allMatch(
                        i ->
                            h.get("race-" + i).getStatus() != null
                                && h.get("race-" + i).getStatus().getImportId() != null));
    sleep(2000);
    for (int i = 0; i < 5; i++) {
      String uri = URI + i + "/";
      assertThat(h.pinecone.postCount(uri)).as(uri).isEqualTo(1);
      assertThat(h.pinecone.importsWithUri(uri))
          .singleElement()
          .satisfies(
              imp ->
                  assertThat(imp.id())
                      .isEqualTo(
                          h.get("race-" + uri.charAt(uri.length() - 2)).getStatus().getImportId()));
    }
    // the race happened: both replicas wrote intents (a PUT of status), and the API server
    // refused at least one of them (409) because the other wrote first
    long putsA = 0;
    long putsB = 0;
    long conflicts = 0;
    for (int i = 0; i < 5; i++) {
      String path =
          "/apis/pinecone.io/v1alpha1/namespaces/"
              + h.namespace
              + "/pineconeimports/race-"
              + i
              + "/status";
      putsA += h.kube.answered("replica-a", "PUT", path, 200);
      putsB += h.kube.answered("replica-b", "PUT", path, 200);
      conflicts +=
          h.kube.answered("replica-a", "PUT", path, 409)
              + h.kube.answered("replica-b", "PUT", path, 409);
    }
    assertThat(putsA + putsB).as("intents written").isEqualTo(5);
    assertThat(conflicts).as("intent writes refused with 409").isPositive();
  }

  @Test
  void twoOperatorInstancesKeepTheStartQueueOfAHostAtItsCap() {
    var capped = Map.of(OperatorConfig.MAX_RUNNING_IMPORTS_PER_INDEX, "2");
    h.startInstance(capped, "replica-a");
    h.startInstance(capped, "replica-b");
    for (int i = 0; i < 4; i++) {
      h.client
          .resource(
              TestResources.startingImport("queue-" + i, h.pinecone.hostAndPort(), URI + i + "/"))
          .create();
    }
    // two start, two wait their turn
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                java.util.stream.IntStream.range(0, 4)
                        .filter(i -> h.get("queue-" + i).getStatus() != null)
                        .filter(i -> "Queued".equals(h.get("queue-" + i).getStatus().getPhase()))
                        .count()
                    == 2);
    assertThat(h.pinecone.postCount()).isEqualTo(2);

    // the running ones end: the others start, never more than two at a time
    for (int round = 0; round < 3; round++) {
      h.pineconeClock.advance(Duration.ofMinutes(2));
      sleep(1500);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                java.util.stream.IntStream.range(0, 4)
                    .allMatch(i -> h.get("queue-" + i).getStatus().getImportId() != null));
    for (int i = 0; i < 4; i++) {
      assertThat(h.pinecone.postCount(URI + i + "/")).as("started once: " + i).isEqualTo(1);
    }
    assertThat(h.pinecone.peakRunning()).as("never more than the cap").isLessThanOrEqualTo(2);
  }

  @Test
  void aRefusedStartStallsWithPineconesMessageOneWarningAndNoRetry() {
    h.startOperator();
    var cr =
        TestResources.startingImport(
            "refused", h.pinecone.hostAndPort(), "gs://demo-bucket/products/");
    cr.getSpec().setPineconeApiVersion("2025-01"); // gs:// needs a later API version
    h.client.resource(cr).create();

    var s =
        h.awaitStatus(
            "refused",
            st ->
                condition(st, "Stalled") != null
                    && "True".equals(condition(st, "Stalled").getStatus()));
    assertThat(condition(s, "Stalled").getReason()).isEqualTo("StartRefused");
    assertThat(condition(s, "Stalled").getMessage())
        .contains("HTTP 400")
        .contains("only s3://BUCKET/PATH URIs are supported in API version 2025-01");
    assertThat(s.getImportId()).isNull();
    assertThat(s.getStart()).isNull();
    sleep(3000);
    assertThat(h.pinecone.postCount("gs://demo-bucket/products/")).isEqualTo(1);
    assertThat(eventsFor(h.client, "refused"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo("StartRefused");
            });

    // a spec change tries again: with a version that takes gs:// it starts
    h.client
        .resources(PineconeImport.class)
        .inNamespace(TestResources.NAMESPACE)
        .withName("refused")
        .edit(
            r -> {
              r.getSpec().setPineconeApiVersion("2025-10");
              return r;
            });
    h.awaitStatus("refused", st -> st.getImportId() != null);
    assertThat(h.pinecone.postCount("gs://demo-bucket/products/")).isEqualTo(2);
  }

  /** The status a killed operator left: an intent, no import ID. */
  private void writeIntent(PineconeImport cr, Instant at) {
    var status = new PineconeImportStatus();
    status.setStart(new StartIntent(at.toString(), URI, 1));
    cr.setStatus(status);
    h.client.resource(cr).updateStatus();
  }
}
