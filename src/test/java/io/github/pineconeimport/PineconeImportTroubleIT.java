package io.github.pineconeimport;

import static io.github.pineconeimport.PineconeImportOperatorTest.condition;
import static io.github.pineconeimport.testing.TestResources.eventsFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.fake.FakePineconeServer;
import io.github.pineconeimport.fake.Fault;
import io.github.pineconeimport.fake.ImportScript;
import io.github.pineconeimport.testing.LogCapture;
import io.github.pineconeimport.testing.OperatorHarness;
import io.github.pineconeimport.testing.TestResources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What users see when something is wrong: bad credentials, hosts, Secrets, and a flaky Pinecone.
 */
class PineconeImportTroubleIT {

  static final ImportScript LONG = TestResources.SCRIPT;

  OperatorHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void sendsTheKeyTheVersionAndAnEncodedIdOnEveryRequest() throws Exception {
    h = OperatorHarness.start();
    h.createSecret(TestResources.API_KEY);
    String odd = "imp 7?ä";
    h.pinecone.seed(odd, LONG);
    var cr = TestResources.pineconeImport("odd", h.pinecone.hostAndPort(), odd);
    cr.getSpec().setPineconeApiVersion("2025-10");
    h.client.resource(cr).create();
    h.awaitPhase("odd", "Pending");
    h.pineconeClock.advance(Duration.ofMinutes(5));
    h.awaitPhase("odd", "Completed");

    List<FakePineconeServer.Request> requests = h.pinecone.requests();
    assertThat(requests)
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.method()).isEqualTo("GET");
              assertThat(r.path()).isEqualTo("/bulk/imports/imp%207%3F%C3%A4");
              assertThat(r.importId()).contains(odd);
              assertThat(r.apiKeyAccepted()).isTrue();
              assertThat(r.apiVersion()).isEqualTo("2025-10");
            });
  }

  @Test
  void readsSnakeCaseAnswers() throws Exception {
    h = OperatorHarness.start();
    h.createSecret(TestResources.API_KEY);
    h.pinecone.useSnakeCase(true).seed("201", LONG);
    h.pineconeClock.advance(Duration.ofSeconds(25));
    h.createImport("snake", "201");
    var s = h.awaitStatus("snake", st -> st.getPercentComplete() != null);
    assertThat(s.getPhase()).isEqualTo("InProgress");
    assertThat(s.getPercentComplete()).isEqualTo(33.3);
    assertThat(s.getRecordsImported()).isEqualTo(300L);
    assertThat(s.getCreatedAt()).isEqualTo("2026-01-01T00:00:00Z");
  }

  @Test
  void showsAnUnknownStatusAndKeepsPolling() throws Exception {
    h = OperatorHarness.start();
    h.createSecret(TestResources.API_KEY);
    h.pinecone.seed("202", LONG);
    h.pinecone.fault(
        "202",
        new Fault.Respond(
            200,
            "{\"id\":\"202\",\"status\":\"Validating\",\"percentComplete\":5.0,\"newField\":{\"x\":1}}",
            "application/json",
            null));
    h.createImport("unknown", "202");

    var s = h.awaitPhase("unknown", "Validating");
    assertThat(condition(s, "Ready").getReason()).isEqualTo("UnknownImportStatus");
    assertThat(condition(s, "Reconciling").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Stalled").getStatus()).isEqualTo("False");
    h.pineconeClock.advance(Duration.ofMinutes(5));
    h.awaitPhase("unknown", "Completed");
  }

  @Test
  void aRejectedKeyStallsWithUnauthorizedAndTheKeyAppearsNowhere() throws Exception {
    String wrongKey = "pcsk_wrong_key_that_must_not_show_up_anywhere_0123456789";
    try (var logs = new LogCapture()) {
      h = OperatorHarness.start("the-right-key", Map.of());
      h.createSecret(wrongKey);
      h.pinecone.seed("203", LONG);
      h.createImport("denied", "203");

      var s =
          h.awaitStatus(
              "denied",
              st ->
                  st.getConditions().stream()
                      .anyMatch(
                          c -> c.getType().equals("Stalled") && c.getStatus().equals("True")));
      assertThat(condition(s, "Stalled").getReason()).isEqualTo("Unauthorized");
      assertThat(condition(s, "Stalled").getMessage())
          .contains("HTTP 401")
          .contains("Unauthorized")
          .contains("Secret pinecone");
      assertThat(condition(s, "Reconciling").getStatus()).isEqualTo("False");
      List<Event> events = awaitEvents("denied");
      assertThat(events)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getReason()).isEqualTo("Unauthorized");
              });

      String everything =
          h.client
                  .resources(PineconeImport.class)
                  .inNamespace("ml")
                  .withName("denied")
                  .get()
                  .toString()
              + h.get("denied").getStatus().getConditions()
              + events
              + logs.lines();
      assertThat(logs.lines()).isNotEmpty();
      assertThat(everything).doesNotContain(wrongKey).doesNotContain("pcsk_wrong");
      // one request, then a slow retry: no storm
      assertThat(h.pinecone.requestsFor("203")).hasSize(1);
    }
  }

  @Test
  void rotatingTheSecretRechecksItsImportWithinSeconds() throws Exception {
    h = OperatorHarness.start("the-right-key", Map.of());
    h.createSecret("pcsk_the_old_revoked_key_0123456789");
    h.pinecone.seed("217", LONG);
    h.createImport("rotated", "217");
    h.awaitStatus("rotated", st -> Conditionsx.stalled(st, "Unauthorized"));
    assertThat(h.pinecone.requestsFor("217")).hasSize(1);

    h.client
        .resource(TestResources.apiKeySecret(TestResources.SECRET, "apiKey", "the-right-key"))
        .update();

    // the stalled retry is 10 minutes here: only the Secret's update can bring this in time
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                h.get("rotated").getStatus() != null
                    && "Pending".equals(h.get("rotated").getStatus().getPhase()));
    assertThat(condition(h.get("rotated").getStatus(), "Stalled").getStatus()).isEqualTo("False");
    assertThat(h.pinecone.requestsFor("217")).hasSize(2);
  }

  @Test
  void honoursRetryAfterOn429() throws Exception {
    h = OperatorHarness.start();
    h.createSecret(TestResources.API_KEY);
    h.pinecone.seed("204", LONG);
    h.pinecone.fault("204", Fault.tooManyRequests(3));
    h.createImport("limited", "204");

    h.awaitPhase("limited", "Pending");
    var times =
        h.pinecone.requestsFor("204").stream()
            .map(FakePineconeServer.Request::receivedNanos)
            .toList();
    assertThat(times).hasSizeGreaterThanOrEqualTo(2);
    assertThat(Duration.ofNanos(times.get(1) - times.get(0)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(2900));
  }

  @Test
  void backsOffOnServerErrorsWithoutStallingAndRecovers() throws Exception {
    h = OperatorHarness.start();
    h.createSecret(TestResources.API_KEY);
    h.pinecone.seed("205", LONG);
    h.pinecone.fault(
        "205",
        Fault.status(503, "unavailable"),
        Fault.status(500, "oops"),
        Fault.status(502, "bad gateway"),
        Fault.status(503, "unavailable"));
    h.createImport("flaky", "205");

    var s =
        h.awaitStatus(
            "flaky",
            st ->
                condition(st, "Reconciling") != null
                    && "PineconeUnavailable".equals(condition(st, "Reconciling").getReason()));
    assertThat(condition(s, "Reconciling").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Stalled").getStatus()).isEqualTo("False");
    h.awaitPhase("flaky", "Pending");

    var times =
        h.pinecone.requestsFor("205").stream()
            .map(FakePineconeServer.Request::receivedNanos)
            .toList();
    // pollInterval 1s: backoff 0.5-1s, 1-2s, 2-4s, 4-8s (equal jitter), so gaps grow
    assertThat(Duration.ofNanos(times.get(2) - times.get(1)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    assertThat(Duration.ofNanos(times.get(3) - times.get(2)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1950));
    assertThat(Duration.ofNanos(times.get(4) - times.get(3)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(3950));
    assertThat(eventsFor(h.client, "flaky")).isEmpty();
    // the failures wrote one status (entering trouble), recovery one more
    h.kube.settle();
    assertThat(h.kube.statusWrites("flaky")).isEqualTo(2);
  }

  @Test
  void waitsForAMissingSecretAndPicksItUpWhenCreated() throws Exception {
    h = OperatorHarness.start();
    h.pinecone.seed("206", LONG);
    h.createImport("later", "206");

    var s = h.awaitStatus("later", st -> Conditionsx.stalled(st, "SecretNotFound"));
    assertThat(condition(s, "Stalled").getMessage()).contains("Secret ml/pinecone not found");
    assertThat(awaitEvents("later"))
        .singleElement()
        .satisfies(e -> assertThat(e.getReason()).isEqualTo("SecretNotFound"));
    assertThat(h.pinecone.requestCount()).isZero();

    h.createSecret(TestResources.API_KEY);
    // the stalled retry is 10 minutes here: only the Secret's event can bring this in time
    h.awaitPhase("later", "Pending");
    assertThat(condition(h.get("later").getStatus(), "Stalled").getStatus()).isEqualTo("False");
  }

  @Test
  void neverContactsAHostThatIsNotAllowed() throws Exception {
    h =
        OperatorHarness.start(
            TestResources.API_KEY, Map.of(OperatorConfig.ALLOWED_HOSTS, "*.pinecone.io"));
    h.createSecret(TestResources.API_KEY);
    h.pinecone.seed("207", LONG);
    h.createImport("elsewhere", "207");

    var s = h.awaitStatus("elsewhere", st -> Conditionsx.stalled(st, "HostNotAllowed"));
    assertThat(condition(s, "Stalled").getMessage())
        .contains("not allowed")
        .contains("PINECONE_ALLOWED_HOSTS")
        .contains("no request was sent");
    assertThat(awaitEvents("elsewhere"))
        .singleElement()
        .satisfies(e -> assertThat(e.getReason()).isEqualTo("HostNotAllowed"));
    Thread.sleep(1500);
    assertThat(h.pinecone.requestCount()).isZero();
  }

  @Test
  void anImportPineconeDoesNotKnowStallsWithImportNotFound() throws Exception {
    h = OperatorHarness.start();
    h.createSecret(TestResources.API_KEY);
    h.createImport("typo", "999");

    var s = h.awaitStatus("typo", st -> Conditionsx.stalled(st, "ImportNotFound"));
    assertThat(condition(s, "Stalled").getMessage())
        .contains("HTTP 404")
        .contains("'999'")
        .contains("spec.importId");
    assertThat(s.getPhase()).isNull();
    assertThat(awaitEvents("typo"))
        .singleElement()
        .satisfies(e -> assertThat(e.getReason()).isEqualTo("ImportNotFound"));
    assertThat(h.pinecone.requestsFor("999")).hasSize(1);
  }

  @Test
  void aZeroPollIntervalIsASpecErrorNotABusyLoop() throws Exception {
    h = OperatorHarness.start();
    h.createSecret(TestResources.API_KEY);
    h.pinecone.seed("208", LONG);
    var cr = TestResources.pineconeImport("zero", h.pinecone.hostAndPort(), "208");
    cr.getSpec().setPollInterval("0s");
    h.client.resource(cr).create();

    var s = h.awaitStatus("zero", st -> Conditionsx.stalled(st, "InvalidSpec"));
    assertThat(condition(s, "Stalled").getMessage()).contains("spec.pollInterval");
    assertThat(h.pinecone.requestCount()).isZero();

    // fixing the spec (a new generation) brings the import in
    cr = h.get("zero");
    cr.getSpec().setPollInterval("1s");
    h.client.resource(cr).update();
    h.awaitPhase("zero", "Pending");
  }

  @Test
  void leavesAloneNamespacesItIsNotToldToWatch() throws Exception {
    h =
        OperatorHarness.start(
            TestResources.API_KEY, Map.of(OperatorConfig.WATCH_NAMESPACES, "search,other"));
    h.createSecret(TestResources.API_KEY);
    h.pinecone.seed("209", LONG);
    h.createImport("unwatched", "209");
    // the positive control: the same import in a watched namespace is picked up
    h.pinecone.seed("210", LONG);
    h.client
        .resource(TestResources.apiKeySecret(TestResources.SECRET, "apiKey", TestResources.API_KEY))
        .inNamespace("search")
        .create();
    var watched = TestResources.pineconeImport("watched", h.pinecone.hostAndPort(), "210");
    watched.getMetadata().setNamespace("search");
    h.client.resource(watched).inNamespace("search").create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              var cr =
                  h.client
                      .resources(PineconeImport.class)
                      .inNamespace("search")
                      .withName("watched")
                      .get();
              return cr.getStatus() != null && "Pending".equals(cr.getStatus().getPhase());
            });

    Thread.sleep(1500);
    assertThat(h.get("unwatched").getStatus()).isNull();
    assertThat(h.pinecone.requestsFor("209")).isEmpty();
    assertThat(h.pinecone.requestsFor("210")).isNotEmpty();
  }

  @Test
  void aHostTheApiServerWouldAdmitButNoClientCanUseIsAnInvalidSpec() throws Exception {
    // the mock API server does not validate, so this is what a CRD pattern that let it in did
    h = OperatorHarness.start();
    h.createSecret(TestResources.API_KEY);
    var cr = TestResources.pineconeImport("dots", "a..pinecone.io", "212");
    h.client.resource(cr).create();

    var s = h.awaitStatus("dots", st -> Conditionsx.stalled(st, "InvalidSpec"));
    assertThat(condition(s, "Stalled").getMessage()).contains("spec.indexHost 'a..pinecone.io'");
    assertThat(awaitEvents("dots"))
        .singleElement()
        .satisfies(e -> assertThat(e.getReason()).isEqualTo("InvalidSpec"));
  }

  @Test
  void anUnexpectedErrorShowsInStatusWithTheKeyScrubbedAndOneWrite() throws Exception {
    // a key with a line break inside cannot be a header: the JDK's exception quotes it
    String key = "pcsk_first_half_of_the_key\nsecond_half_0123456789";
    try (var logs = new LogCapture()) {
      h = OperatorHarness.start(key, Map.of());
      h.createSecret(key);
      h.pinecone.seed("213", LONG);
      h.createImport("broken", "213");

      var s =
          h.awaitStatus(
              "broken",
              st ->
                  condition(st, "Reconciling") != null
                      && "ReconcileError".equals(condition(st, "Reconciling").getReason()));
      assertThat(condition(s, "Reconciling").getStatus()).isEqualTo("True");
      assertThat(condition(s, "Stalled").getStatus()).isEqualTo("False");
      assertThat(condition(s, "Reconciling").getMessage())
          .contains("IllegalArgumentException")
          .contains("[REDACTED]");
      // JOSDK keeps retrying with backoff (2s, 3s, ...); the same error is not written again
      PineconeImportOperatorTest.sleep(5500);
      h.kube.settle();
      assertThat(h.kube.statusWrites("broken")).isEqualTo(1);
      assertThat(h.pinecone.requestCount()).isZero();
      String everything = h.get("broken").toString() + logs.lines();
      assertThat(everything)
          .doesNotContain("first_half_of_the_key")
          .doesNotContain("second_half_0123456789");
    }
  }

  @Test
  void aNewImportIdOnAFinishedImportIsPolledThroughA429() throws Exception {
    h = OperatorHarness.start();
    h.createSecret(TestResources.API_KEY);
    h.pinecone.seed("214", LONG);
    h.createImport("switch", "214");
    h.awaitPhase("switch", "Pending");
    h.pineconeClock.advance(Duration.ofMinutes(5));
    h.awaitPhase("switch", "Completed");

    h.pinecone.seed("215", LONG);
    h.pinecone.fault("215", Fault.tooManyRequests(1));
    var cr = h.get("switch");
    cr.getSpec().setImportId("215");
    h.client.resource(cr).update();

    var s = h.awaitPhase("switch", "Pending");
    assertThat(s.getImportId()).isEqualTo("215");
    assertThat(condition(s, "Ready").getReason()).isEqualTo("ImportPending");
    assertThat(h.pinecone.requestsFor("215")).hasSizeGreaterThanOrEqualTo(2);
    h.pineconeClock.advance(Duration.ofMinutes(5));
    h.awaitPhase("switch", "Completed");
    // the second completion is an event too (same text, so the same Event with count 2)
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(eventsFor(h.client, "switch"))
                    .filteredOn(e -> e.getReason().equals("ImportCompleted"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.getCount()).isEqualTo(2)));
  }

  @Test
  void aDotSegmentImportIdIsAnInvalidSpecAndNeverSent() throws Exception {
    h = OperatorHarness.start();
    h.createSecret(TestResources.API_KEY);
    h.createImport("dotdot", "..");

    var s = h.awaitStatus("dotdot", st -> Conditionsx.stalled(st, "InvalidSpec"));
    assertThat(condition(s, "Stalled").getMessage()).contains("spec.importId '..'");
    assertThat(h.pinecone.requestCount()).isZero();
  }

  /**
   * Values the CRD refuses now but a resource stored before its rules could still hold: an interval
   * that overflows a duration or exceeds a day, an ID with a newline (which would reach log lines).
   */
  @Test
  void valuesStoredBeforeTheCrdBoundedThemAreSpecErrorsNeverSent() throws Exception {
    h = OperatorHarness.start();
    h.createSecret(TestResources.API_KEY);
    h.pinecone.seed("209", LONG);
    for (String interval : List.of("25h", "9999999999999999h")) {
      var cr =
          TestResources.pineconeImport(
              "every-" + interval.length(), h.pinecone.hostAndPort(), "209");
      cr.getSpec().setPollInterval(interval);
      h.client.resource(cr).create();
    }
    h.createImport("newline", "209\nINFO forged");

    for (String name : List.of("every-3", "every-17")) {
      var s = h.awaitStatus(name, st -> Conditionsx.stalled(st, "InvalidSpec"));
      assertThat(condition(s, "Stalled").getMessage()).contains("from 1s to 24h");
    }
    var s = h.awaitStatus("newline", st -> Conditionsx.stalled(st, "InvalidSpec"));
    assertThat(condition(s, "Stalled").getMessage())
        .contains("control character")
        .doesNotContain("\n");
    assertThat(h.pinecone.requestCount()).isZero();
  }

  /**
   * A Secret its owner has not labelled: Stalled with the command that labels it, one Warning, no
   * request to Pinecone; labelling it brings the import in through the Secret watch (the stalled
   * retry here is ten minutes).
   */
  @Test
  void anUnlabelledSecretStallsWithTheLabelCommandAndLabellingItBringsTheImportIn()
      throws Exception {
    h = OperatorHarness.start();
    h.client
        .resource(
            TestResources.unlabelledSecret(
                TestResources.NAMESPACE, TestResources.SECRET, "apiKey", TestResources.API_KEY))
        .create();
    h.pinecone.seed("217", LONG);
    h.createImport("unlabelled", "217");

    var s = h.awaitStatus("unlabelled", st -> Conditionsx.stalled(st, "SecretNotLabelled"));
    assertThat(condition(s, "Stalled").getMessage())
        .endsWith("kubectl label secret pinecone -n ml pinecone.io/api-key=true")
        .doesNotContain(TestResources.API_KEY);
    assertThat(h.awaitEvents("unlabelled", 1))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getReason()).isEqualTo("SecretNotLabelled");
              assertThat(e.getType()).isEqualTo("Warning");
            });
    assertThat(h.pinecone.requestCount()).isZero();

    h.client
        .secrets()
        .inNamespace(TestResources.NAMESPACE)
        .withName(TestResources.SECRET)
        .edit(
            secret ->
                new io.fabric8.kubernetes.api.model.SecretBuilder(secret)
                    .editMetadata()
                    .addToLabels(OperatorConfig.API_KEY_LABEL, "true")
                    .endMetadata()
                    .build());
    h.awaitPhase("unlabelled", "Pending");
  }

  @Test
  void anHttpsTheUserWroteIsRefusedRatherThanDowngradedToAnHttpEntry() throws Exception {
    h = OperatorHarness.start();
    h.createSecret(TestResources.API_KEY);
    h.pinecone.seed("216", LONG);
    h.client
        .resource(TestResources.pineconeImport("tls", "https://" + h.pinecone.hostAndPort(), "216"))
        .create();

    var s = h.awaitStatus("tls", st -> Conditionsx.stalled(st, "HostNotAllowed"));
    assertThat(condition(s, "Stalled").getMessage())
        .contains("written with https://")
        .contains("only over plain http");
    assertThat(h.pinecone.requestCount()).isZero();
  }

  private List<Event> awaitEvents(String name) {
    await().atMost(Duration.ofSeconds(20)).until(() -> !eventsFor(h.client, name).isEmpty());
    PineconeImportOperatorTest.sleep(1500);
    return eventsFor(h.client, name);
  }

  /** Small readers for Stalled. */
  static final class Conditionsx {
    static boolean stalled(
        io.github.pineconeimport.api.v1alpha1.PineconeImportStatus s, String reason) {
      return s.getConditions().stream()
          .anyMatch(
              c ->
                  c.getType().equals("Stalled")
                      && c.getStatus().equals("True")
                      && reason.equals(c.getReason()));
    }
  }
}
