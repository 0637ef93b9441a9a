package io.github.pineconeimport.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Condition;
import io.github.pineconeimport.PineconeImportOperator;
import io.github.pineconeimport.api.v1alpha1.DeletionPolicy;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportSpec;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.events.ImportEventRecorder;
import io.github.pineconeimport.fake.FakeKubernetes;
import io.github.pineconeimport.fake.FakePineconeServer;
import io.github.pineconeimport.fake.Fault;
import io.github.pineconeimport.fake.ImportScript;
import io.github.pineconeimport.fake.ManualClock;
import io.github.pineconeimport.lifecycle.Cleanup;
import io.github.pineconeimport.observability.OperatorMetrics;
import io.github.pineconeimport.pinecone.HostBudget;
import io.github.pineconeimport.pinecone.PineconeClient;
import io.github.pineconeimport.status.Conditions;
import io.github.pineconeimport.status.ImportEvent;
import io.github.pineconeimport.status.PollSchedule;
import io.github.pineconeimport.status.Reason;
import io.github.pineconeimport.testing.TestResources;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler called directly, one reconcile at a time, on a clock the test moves: the embedded
 * API server (CRUD mode) takes the writes, the fake Pinecone answers. Each test asserts what a user
 * sees (status, events, finalizer, requests to Pinecone) and when the reconciler asks to look
 * again.
 */
class PineconeImportReconcilerTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  static final Duration POLL = Duration.ofSeconds(10);
  static final Duration STALLED_RETRY = Duration.ofMinutes(10);
  static final String URI = "s3://bucket/products/";

  final ManualClock clock = new ManualClock(T0);
  final List<ImportEvent> events = new CopyOnWriteArrayList<>();
  FakeKubernetes kube;
  FakePineconeServer pinecone;
  TestImportContext context;
  PineconeImportReconciler reconciler;
  OperatorConfig config;

  @BeforeEach
  void start() throws IOException {
    kube = FakeKubernetes.start();
    pinecone = FakePineconeServer.start(0, TestResources.API_KEY, clock).recordRequests(true);
    context = new TestImportContext(kube.client());
    configure(Map.of());
    createSecret();
  }

  /** The operator again, with these settings added. */
  void configure(Map<String, String> env) {
    var all = new HashMap<String, String>(env);
    all.put(OperatorConfig.ALLOWED_HOSTS, pinecone.allowedHostEntry());
    all.put(OperatorConfig.STALLED_RETRY, "10m");
    config = OperatorConfig.fromEnv(all);
    restartOperator();
  }

  void createSecret() {
    kube.client()
        .resource(TestResources.apiKeySecret(TestResources.SECRET, "apiKey", TestResources.API_KEY))
        .create();
  }

  /** A new reconciler with nothing in memory, as after a restart or on another replica. */
  void restartOperator() {
    var metrics = new OperatorMetrics(new SimpleMeterRegistry());
    var recorder = new ImportEventRecorder(kube.client(), clock, "test");
    recorder.addListener((resource, event) -> events.add(event));
    // no jitter: a poll is due exactly one interval later, a backoff is half its ceiling
    RandomGenerator noJitter = () -> 0L;
    var schedule = new PollSchedule(config.maxBackoff(), config.stalledRetry(), noJitter);
    var budget = new HostBudget(HostBudget.Settings.of(1000, 4), clock);
    var client = new PineconeClient(config.http(), clock, metrics);
    reconciler =
        new PineconeImportReconciler(
            PineconeImportOperator.reconcilerParts(
                config, clock, client, recorder, metrics, schedule, budget));
  }

  @AfterEach
  void stop() {
    pinecone.close();
    kube.close();
  }

  @Test
  void aNewImportIsStartedOnceAndLookedAtAgainOneIntervalLater() {
    pinecone.startScript(URI, TestResources.SCRIPT);
    create(starting("products"));

    UpdateControl<PineconeImport> first = reconcile("products");

    assertThat(pinecone.postCount()).isEqualTo(1);
    assertThat(first.getScheduleDelay()).contains(POLL.toMillis());
    var status = get("products").getStatus();
    assertThat(status.getImportId()).isNotNull();
    assertThat(status.getPhase()).isEqualTo("Pending");
    assertThat(reason(get("products"), Conditions.RECONCILING)).isEqualTo("ImportPending");
    assertThat(get("products").getMetadata().getFinalizers()).contains(Cleanup.FINALIZER);
    assertThat(events).extracting(ImportEvent::reason).containsExactly(Reason.ImportStarted);
  }

  @Test
  void anEarlyWakeUpWithNothingChangedAsksPineconeNothingAndKeepsTheSchedule() {
    pinecone.startScript(URI, TestResources.SCRIPT);
    create(starting("products"));
    reconcile("products");
    long requests = pinecone.requestCount();
    long writes = kube.statusWrites("products");

    clock.advance(Duration.ofSeconds(4));
    UpdateControl<PineconeImport> early = reconcile("products");

    assertThat(early.getScheduleDelay()).contains(Duration.ofSeconds(6).toMillis());
    assertThat(pinecone.requestCount()).isEqualTo(requests);
    assertThat(kube.statusWrites("products")).isEqualTo(writes);
  }

  @Test
  void aLookThatSeesNothingNewWritesNothing() {
    pinecone.startScript(URI, TestResources.SCRIPT);
    create(starting("products"), "5s");
    reconcile("products");
    long writes = kube.statusWrites("products");

    clock.advance(Duration.ofSeconds(5)); // the fake import stays Pending for 10 s
    var control = reconcile("products");

    assertThat(pinecone.requests()).filteredOn(r -> r.method().equals("GET")).hasSize(2);
    assertThat(kube.statusWrites("products")).isEqualTo(writes);
    assertThat(control.getScheduleDelay()).contains(Duration.ofSeconds(5).toMillis());
  }

  @Test
  void progressIsWrittenAndTheEndStopsLookingAndDropsTheFinalizer() {
    pinecone.startScript(URI, TestResources.SCRIPT);
    create(starting("products"));
    reconcile("products");

    clock.advance(Duration.ofSeconds(25));
    var running = reconcile("products");
    assertThat(get("products").getStatus().getPhase()).isEqualTo("InProgress");
    assertThat(get("products").getStatus().getPercentComplete()).isPositive();
    assertThat(running.getScheduleDelay()).contains(POLL.toMillis());

    clock.advance(Duration.ofMinutes(1));
    var done = reconcile("products");

    assertThat(done.getScheduleDelay()).isEmpty();
    assertThat(get("products").getStatus().getPhase()).isEqualTo("Completed");
    assertThat(reason(get("products"), Conditions.READY)).isEqualTo("ImportCompleted");
    assertThat(get("products").getMetadata().getFinalizers()).isNullOrEmpty();
    assertThat(events)
        .extracting(ImportEvent::reason)
        .containsExactly(Reason.ImportStarted, Reason.ImportCompleted);

    long requests = pinecone.requestCount();
    var again = reconcile("products");
    assertThat(again.getScheduleDelay()).isEmpty();
    assertThat(pinecone.requestCount())
        .as("a finished import is not looked at")
        .isEqualTo(requests);
  }

  @Test
  void aFailedImportShowsPineconesErrorWithOneWarningAndIsNotLookedAtAgain() {
    pinecone.seed("102", TestResources.SCRIPT.failingWith("Invalid parquet file: row 17"));
    clock.advance(Duration.ofMinutes(5));
    create(TestResources.pineconeImport("broken", pinecone.hostAndPort(), "102"), "10s");

    var control = reconcile("broken");

    assertThat(control.getScheduleDelay()).isEmpty();
    var status = get("broken").getStatus();
    assertThat(status.getPhase()).isEqualTo("Failed");
    assertThat(status.getError()).isEqualTo("Invalid parquet file: row 17");
    assertThat(reason(get("broken"), Conditions.STALLED)).isEqualTo("ImportFailed");
    assertThat(message(get("broken"), Conditions.READY)).contains("row 17");
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(ImportEvent.Type.Warning);
              assertThat(e.reason()).isEqualTo(Reason.ImportFailed);
              assertThat(e.message()).contains("row 17");
            });
    long requests = pinecone.requestCount();
    clock.advance(Duration.ofMinutes(1));
    assertThat(reconcile("broken").getScheduleDelay()).isEmpty();
    assertThat(pinecone.requestCount()).isEqualTo(requests);
  }

  @Test
  void anImportCancelledInPineconeIsAWarningNobodyAskedFor() {
    pinecone.seed("103", TestResources.SCRIPT);
    create(TestResources.pineconeImport("stopped", pinecone.hostAndPort(), "103"), "10s");
    reconcile("stopped");
    clock.advance(Duration.ofSeconds(15));
    pinecone.cancel("103");
    clock.advance(POLL);

    reconcile("stopped");

    assertThat(get("stopped").getStatus().getPhase()).isEqualTo("Cancelled");
    assertThat(reason(get("stopped"), Conditions.STALLED)).isEqualTo("ImportCancelled");
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(ImportEvent.Type.Warning);
              assertThat(e.reason()).isEqualTo(Reason.ImportCancelled);
            });
  }

  @Test
  void passingTroubleBacksOffAndKeepsReconcilingWithoutAnEvent() {
    pinecone.seed("77", TestResources.SCRIPT);
    create(TestResources.pineconeImport("mirror", pinecone.hostAndPort(), "77"), "10s");
    pinecone.fault("77", Fault.status(503, "busy"), Fault.status(503, "busy"));

    var first = reconcile("mirror");
    assertThat(first.getScheduleDelay()).contains(POLL.dividedBy(2).toMillis());
    assertThat(reason(get("mirror"), Conditions.RECONCILING)).isEqualTo("PineconeUnavailable");

    clock.advance(POLL);
    var second = reconcile("mirror");
    assertThat(second.getScheduleDelay())
        .as("twice the interval, half of it jitter")
        .contains(POLL.toMillis());

    clock.advance(POLL);
    var recovered = reconcile("mirror");
    assertThat(recovered.getScheduleDelay()).contains(POLL.toMillis());
    assertThat(reason(get("mirror"), Conditions.RECONCILING)).isEqualTo("ImportInProgress");
    assertThat(events).isEmpty();
  }

  @Test
  void troubleThatNeedsAPersonStallsWithOneWarningAndASlowRetry() {
    create(starting("products"));
    kube.client()
        .secrets()
        .inNamespace(TestResources.NAMESPACE)
        .withName(TestResources.SECRET)
        .delete();

    var control = reconcile("products");

    assertThat(control.getScheduleDelay())
        .contains(STALLED_RETRY.multipliedBy(9).dividedBy(10).toMillis());
    assertThat(reason(get("products"), Conditions.STALLED)).isEqualTo("SecretNotFound");
    assertThat(pinecone.requestCount()).isZero();
    assertThat(events)
        .extracting(ImportEvent::type, ImportEvent::reason)
        .containsExactly(tuple(ImportEvent.Type.Warning, Reason.SecretNotFound));
  }

  @Test
  void specCancelSendsOneDeleteForTheTrackedImport() {
    String id = startedRunning("products");
    editSpec("products", s -> s.setCancel(true));

    reconcile("products");
    clock.advance(Duration.ofSeconds(1));
    reconcile("products");

    assertThat(deletes(id)).isEqualTo(1);
    assertThat(get("products").getStatus().getCancelRequestedAt()).isNotNull();
  }

  @Test
  void cancelOnAFinishedImportSendsNothing() {
    pinecone.startScript(URI, TestResources.SCRIPT);
    create(starting("products"));
    reconcile("products");
    clock.advance(Duration.ofMinutes(2));
    reconcile("products");
    String id = get("products").getStatus().getImportId();
    editSpec("products", s -> s.setCancel(true));

    var control = reconcile("products");

    assertThat(control.getScheduleDelay()).isEmpty();
    assertThat(pinecone.requestsFor(id)).noneMatch(r -> r.method().equals("DELETE"));
    assertThat(get("products").getStatus().getPhase()).isEqualTo("Completed");
  }

  @Test
  void aFailedCancelIsNotRecordedSoTheNextLookTriesAgain() {
    String id = startedRunning("products");
    editSpec("products", s -> s.setCancel(true));
    // the describe is answered, the DELETE is not
    pinecone.fault(id, new Fault.Slow(Duration.ZERO), Fault.status(503, "busy"));

    reconcile("products");

    assertThat(get("products").getStatus().getCancelRequestedAt()).isNull();
    assertThat(pinecone.requestsFor(id)).filteredOn(r -> r.method().equals("DELETE")).isNotEmpty();
  }

  @Test
  void deletingARunningImportCancelsItThenLetsTheResourceGo() {
    String id = startedRunning("products");
    kube.client().resource(get("products")).delete();
    assertThat(get("products").isMarkedForDeletion()).isTrue();

    var control = reconcile("products");

    assertThat(control.getScheduleDelay()).isEmpty();
    assertThat(deletes(id)).isEqualTo(1);
    assertThat(
            kube.client()
                .resources(PineconeImport.class)
                .inNamespace(TestResources.NAMESPACE)
                .withName("products")
                .get())
        .isNull();
  }

  @Test
  void aMirrorWithPolicyOrphanNeverGetsAFinalizer() {
    pinecone.seed("77", TestResources.SCRIPT);
    var mirror = TestResources.pineconeImport("mirror", pinecone.hostAndPort(), "77");
    mirror.getSpec().setDeletionPolicy(DeletionPolicy.Orphan);
    create(mirror, "10s");

    reconcile("mirror");

    assertThat(get("mirror").getMetadata().getFinalizers()).isNullOrEmpty();
    assertThat(get("mirror").getStatus().getImportId()).isEqualTo("77");
  }

  @Test
  void theFinalDeleteEventForgetsTheImport() {
    create(starting("products"));
    context.primaryDeleted = true;

    var control = reconcile("products");

    assertThat(control.getScheduleDelay()).isEmpty();
    assertThat(context.importsDeleted).isEqualTo(1);
    assertThat(pinecone.requestCount()).isZero();
  }

  @Test
  void aRefusedCancelIsShownOnceAndNotSentAgainUntilTheSpecChanges() {
    pinecone.startScript(URI, TestResources.SCRIPT);
    create(starting("products"), "1s");
    reconcile("products");
    String id = get("products").getStatus().getImportId();
    editSpec("products", s -> s.setCancel(true));
    // every describe answered, the first DELETE refused
    pinecone.fault(id, new Fault.Slow(Duration.ZERO), Fault.status(403, "key may not cancel"));

    for (int second = 0; second < 20; second++) {
      clock.advance(Duration.ofSeconds(1));
      reconcile("products");
    }

    assertThat(deletes(id)).isEqualTo(1);
    assertThat(reason(get("products"), Conditions.STALLED)).isEqualTo("CancelFailed");
    assertThat(message(get("products"), Conditions.STALLED)).contains("key may not cancel");
    assertThat(events)
        .filteredOn(e -> e.reason() == Reason.CancelFailed)
        .singleElement()
        .extracting(ImportEvent::type)
        .isEqualTo(ImportEvent.Type.Warning);
  }

  @Test
  void aSpecEditAfterTheEndKeepsTheOutcomeWhenPineconeNoLongerKnowsTheImport() {
    pinecone.startScript(URI, TestResources.SCRIPT);
    create(starting("products"));
    reconcile("products");
    clock.advance(Duration.ofMinutes(2));
    reconcile("products");
    String id = get("products").getStatus().getImportId();
    assertThat(get("products").getStatus().getPhase()).isEqualTo("Completed");
    pinecone.forget(id);
    long requests = pinecone.requestCount();
    int eventsBefore = events.size();
    editSpec("products", s -> s.setPollInterval("20s"));

    var control = reconcile("products");

    var after = get("products");
    assertThat(after.getStatus().getPhase()).isEqualTo("Completed");
    assertThat(reason(after, Conditions.READY)).isEqualTo("ImportCompleted");
    assertThat(after.getStatus().getObservedGeneration())
        .isEqualTo(after.getMetadata().getGeneration());
    assertThat(control.getScheduleDelay()).isEmpty();
    assertThat(pinecone.requestCount())
        .as("an ended import is not asked about")
        .isEqualTo(requests);
    assertThat(events).hasSize(eventsBefore);
  }

  @Test
  void cancelSetBackToFalseAfterACancelBeforeTheStartStartsCleanlyAndKeepsTheFinalizer() {
    pinecone.startScript(URI, TestResources.SCRIPT);
    var cr = starting("products");
    cr.getSpec().setCancel(true);
    create(cr);
    reconcile("products");
    assertThat(get("products").getStatus().getPhase()).isEqualTo("Cancelled");
    editSpec("products", s -> s.setCancel(false));
    // the start's answer is lost: the import exists, the resource does not know its ID yet
    pinecone.faultStarts(Fault.statusAfterCreate(503, "busy"));

    reconcile("products");

    var starting = get("products");
    assertThat(pinecone.postCount()).isEqualTo(1);
    assertThat(starting.getStatus().getPhase()).as("no Cancelled left over").isNull();
    assertThat(starting.getMetadata().getFinalizers()).contains(Cleanup.FINALIZER);
    assertThat(reason(starting, Conditions.RECONCILING)).isEqualTo("StartUnconfirmed");
  }

  @Test
  void aStartLeftLateByASlowFinalizerPatchIsNotPosted() {
    pinecone.startScript(URI, TestResources.SCRIPT);
    create(starting("products"));
    // the finalizer patch takes longer than the clock-skew allowance (30 s by default)
    kube.beforeNextWrite("products", "PATCH", () -> clock.advance(Duration.ofSeconds(31)));

    var control = reconcile("products");

    assertThat(pinecone.postCount()).isZero();
    assertThat(control.getScheduleDelay()).isPresent();
    // after the window the list shows nothing, and attempt 2 starts the one import
    clock.advance(Duration.ofMinutes(1));
    reconcile("products");
    assertThat(pinecone.postCount()).isEqualTo(1);
    assertThat(get("products").getStatus().getStart().getAttempt()).isEqualTo(2);
  }

  @Test
  void deletingWhileTheIdWriteFailsCancelsByTheIdInMemory() {
    pinecone.startScript(URI, TestResources.SCRIPT);
    create(starting("products"));
    // the deletion arrives during the POST: the ID write then meets a changed resource
    kube.failStatusWrites("products", "PATCH", 409, 1);
    try {
      reconcile("products");
    } catch (RuntimeException conflict) {
      // JOSDK retries; the ID is kept in memory
    }
    assertThat(pinecone.postCount()).isEqualTo(1);
    String id = pinecone.imports().get(0).id();
    kube.client().resource(get("products")).delete();

    var control = reconcile("products");

    assertThat(control.getScheduleDelay()).isEmpty();
    assertThat(deletes(id)).isEqualTo(1);
    assertThat(pinecone.requests())
        .filteredOn(r -> r.path().equals("/bulk/imports") && r.method().equals("GET"))
        .as("no list needed")
        .isEmpty();
  }

  @Test
  void anIdKeptInMemoryIsRecordedEvenWhileTheKeyIsGone() {
    pinecone.startScript(URI, TestResources.SCRIPT);
    create(starting("products"));
    kube.failStatusWrites("products", "PATCH", 409, 1); // the ID write after the POST
    try {
      reconcile("products");
    } catch (RuntimeException conflict) {
      // JOSDK retries; the ID is kept in memory
    }
    kube.client()
        .secrets()
        .inNamespace(TestResources.NAMESPACE)
        .withName(TestResources.SECRET)
        .delete();

    reconcile("products");

    var status = get("products").getStatus();
    assertThat(status.getImportId()).isEqualTo(pinecone.imports().get(0).id());
    assertThat(reason(get("products"), Conditions.STALLED)).isEqualTo("SecretNotFound");
    assertThat(pinecone.postCount()).isEqualTo(1);
  }

  @Test
  void aDeletionWhoseSecretWentFirstStillCancelsWithTheLastKey() {
    pinecone.startScript(URI, TestResources.SCRIPT);
    create(starting("products"));
    reconcile("products");
    clock.advance(POLL);
    reconcile("products"); // a poll while the import runs keeps its access for a cancel
    String id = get("products").getStatus().getImportId();
    kube.client()
        .secrets()
        .inNamespace(TestResources.NAMESPACE)
        .withName(TestResources.SECRET)
        .delete();
    kube.client().resource(get("products")).delete();

    reconcile("products");

    assertThat(deletes(id)).isEqualTo(1);
    assertThat(events).extracting(ImportEvent::reason).doesNotContain(Reason.ImportNotCancelled);
  }

  @Test
  void aDeletionRightAfterTheStartWhoseSecretWentFirstStillCancels() {
    pinecone.startScript(URI, TestResources.SCRIPT);
    create(starting("products"));
    reconcile("products"); // the start, and no poll since: the namespace goes a moment later
    String id = get("products").getStatus().getImportId();
    kube.client()
        .secrets()
        .inNamespace(TestResources.NAMESPACE)
        .withName(TestResources.SECRET)
        .delete();
    kube.client().resource(get("products")).delete();

    reconcile("products");

    assertThat(pinecone.requestsFor(id)).filteredOn(r -> r.method().equals("DELETE")).hasSize(1);
    assertThat(events).extracting(ImportEvent::reason).doesNotContain(Reason.ImportNotCancelled);
    assertThat(get("products")).isNull();
  }

  @Test
  void aDeletionCancelsEvenWhenTheSpecWasMadeInvalidMeanwhile() {
    String id = startedRunning("products");
    editSpec("products", s -> s.setPollInterval("soon"));
    kube.client().resource(get("products")).delete();

    reconcile("products");

    assertThat(deletes(id)).isEqualTo(1);
  }

  @Test
  void anIntentDatedInTheFutureIsListedAtOnceInsteadOfWaitedFor() {
    pinecone.startScript(URI, TestResources.SCRIPT);
    create(starting("products"));
    var withIntent = get("products");
    var status = new io.github.pineconeimport.api.v1alpha1.PineconeImportStatus();
    status.setStart(
        new io.github.pineconeimport.api.v1alpha1.StartIntent(
            T0.plus(Duration.ofHours(3)).toString(), URI, 1));
    withIntent.setStatus(status);
    kube.client().resource(withIntent).updateStatus();

    reconcile("products");

    assertThat(pinecone.requests())
        .filteredOn(r -> r.path().equals("/bulk/imports") && r.method().equals("GET"))
        .isNotEmpty();
    assertThat(pinecone.postCount()).as("nothing listed: attempt 2 starts it").isEqualTo(1);
  }

  @Test
  void aRerunAfterAFailureStartsOneNewImportAndKeepsTheFailedRunInHistory() {
    pinecone.startScript(URI, TestResources.SCRIPT.failingWith("bad file"));
    create(starting("products"));
    reconcile("products");
    clock.advance(Duration.ofMinutes(2));
    reconcile("products");
    String first = get("products").getStatus().getImportId();
    assertThat(get("products").getStatus().getPhase()).isEqualTo("Failed");
    pinecone.startScript(URI, TestResources.SCRIPT);

    rerun("products", "fixed-files");
    var control = reconcile("products");

    var status = get("products").getStatus();
    assertThat(pinecone.postCount()).isEqualTo(2);
    assertThat(status.getImportId()).isNotEqualTo(first);
    assertThat(status.getRerun()).isEqualTo("fixed-files");
    assertThat(status.getPhase()).isEqualTo("Pending");
    assertThat(status.getHistory())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getImportId()).isEqualTo(first);
              assertThat(r.getPhase()).isEqualTo("Failed");
              assertThat(r.getError()).isEqualTo("bad file");
              assertThat(r.getRerun()).isNull();
            });
    assertThat(control.getScheduleDelay()).contains(POLL.toMillis());
    assertThat(events)
        .filteredOn(e -> e.reason() == Reason.ImportStarted)
        .last()
        .extracting(ImportEvent::message)
        .asString()
        .contains("re-run 'fixed-files'");
  }

  @Test
  void aRerunAskedWhileTheImportRunsWaitsForItsEndAndNeverCancelsIt() {
    pinecone.startScript(URI, TestResources.SCRIPT);
    create(starting("products"));
    reconcile("products");
    clock.advance(Duration.ofSeconds(20));
    reconcile("products");
    String first = get("products").getStatus().getImportId();

    rerun("products", "again");
    reconcile("products");

    assertThat(pinecone.postCount()).isEqualTo(1);
    assertThat(pinecone.requestsFor(first)).noneMatch(r -> r.method().equals("DELETE"));
    assertThat(message(get("products"), Conditions.RECONCILING))
        .contains("re-run 'again' waits for this import to end");

    clock.advance(Duration.ofMinutes(1));
    var ended = reconcile("products");
    assertThat(get("products").getStatus().getPhase()).isEqualTo("Completed");
    assertThat(ended.getScheduleDelay()).as("the re-run starts right after").isPresent();
    clock.advance(Duration.ofSeconds(1));
    reconcile("products");
    assertThat(pinecone.postCount()).isEqualTo(2);
    assertThat(get("products").getStatus().getHistory())
        .extracting(r -> r.getPhase())
        .containsExactly("Completed");
  }

  @Test
  void aRerunClearsARefusedStart() {
    pinecone.faultStarts(Fault.status(400, "no such bucket"));
    create(starting("products"));
    reconcile("products");
    assertThat(reason(get("products"), Conditions.STALLED)).isEqualTo("StartRefused");
    assertThat(message(get("products"), Conditions.STALLED)).contains("set spec.rerun");
    pinecone.startScript(URI, TestResources.SCRIPT);

    rerun("products", "bucket-fixed");
    reconcile("products");

    assertThat(pinecone.postCount()).isEqualTo(2);
    assertThat(get("products").getStatus().getImportId()).isNotNull();
    assertThat(get("products").getStatus().getHistory())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getPhase()).isEqualTo("StartRefused");
              assertThat(r.getError()).contains("no such bucket");
            });
  }

  @Test
  void aRerunWhoseAnswerIsLostAndWhoseOperatorRestartsStartsExactlyOnce() throws IOException {
    pinecone.startScript(URI, TestResources.SCRIPT);
    create(starting("products"));
    reconcile("products");
    clock.advance(Duration.ofMinutes(2));
    reconcile("products");
    String first = get("products").getStatus().getImportId();
    pinecone.faultStarts(Fault.dropAfterCreate());

    rerun("products", "2");
    reconcile("products"); // intent written, the import created, the answer dropped
    assertThat(pinecone.postCount()).isEqualTo(2);
    restartOperator(); // nothing kept in memory
    clock.advance(Duration.ofMinutes(2));
    reconcile("products");

    assertThat(pinecone.postCount()).as("adopted, not started again").isEqualTo(2);
    var status = get("products").getStatus();
    assertThat(status.getImportId()).isNotEqualTo(first).isNotNull();
    assertThat(status.getHistory()).extracting(r -> r.getImportId()).containsExactly(first);
  }

  @Test
  void aRerunWhoseOperatorDiesAfterTheIntentAndBeforeThePostStartsExactlyOnce() throws IOException {
    String first = startedRunning("products");
    clock.advance(Duration.ofMinutes(2));
    reconcile("products");
    // the intent is stored, then the process dies before its POST (here: its finalizer patch fails)
    kube.failWrites("products", "PATCH", 403, 1);

    rerun("products", "2");
    reconcile("products");
    assertThat(get("products").getStatus().getStart()).isNotNull();
    assertThat(get("products").getStatus().getRerun()).isEqualTo("2");
    assertThat(pinecone.postCount()).isEqualTo(1);
    restartOperator();
    clock.advance(Duration.ofMinutes(2));
    reconcile("products"); // the list shows no import of this run: attempt 2 starts it

    assertThat(pinecone.postCount()).isEqualTo(2);
    var status = get("products").getStatus();
    assertThat(status.getImportId()).isNotEqualTo(first).isNotNull();
    assertThat(status.getStart().getAttempt()).isEqualTo(2);
    assertThat(status.getHistory()).extracting(r -> r.getImportId()).containsExactly(first);
  }

  @Test
  void aSuspendedImportSendsNothingAndResumesWithOneLook() {
    String id = startedRunning("products");
    editSpec(
        "products",
        s -> {
          s.setSuspend(true);
          s.setCancel(true);
        });
    long requests = pinecone.requestCount();

    var control = reconcile("products");
    clock.advance(Duration.ofSeconds(5));
    reconcile("products");

    assertThat(control.getScheduleDelay()).isEmpty();
    assertThat(pinecone.requestCount()).as("no poll, no cancel").isEqualTo(requests);
    var cr = get("products");
    assertThat(cr.getStatus().getConditions())
        .allSatisfy(
            c -> {
              assertThat(c.getStatus()).isEqualTo("False");
              assertThat(c.getReason()).isEqualTo("Suspended");
            });

    editSpec(
        "products",
        s -> {
          s.setSuspend(false);
          s.setCancel(false);
        });
    var look = reconcile("products");
    assertThat(pinecone.requestsFor(id)).filteredOn(r -> r.method().equals("GET")).hasSize(2);
    assertThat(look.getScheduleDelay()).contains(POLL.toMillis());
  }

  @Test
  void deletingASuspendedImportStillCancelsIt() {
    String id = startedRunning("products");
    editSpec("products", s -> s.setSuspend(true));
    reconcile("products");
    kube.client().resource(get("products")).delete();

    reconcile("products");

    assertThat(deletes(id)).isEqualTo(1);
  }

  @Test
  void anImportPastItsTimeoutIsCancelledOnceAndEndsTimedOutWithOneWarning() {
    pinecone.startScript(URI, TestResources.SCRIPT);
    var cr = starting("products");
    cr.getSpec().setTimeout("20s");
    create(cr);
    reconcile("products");
    String id = get("products").getStatus().getImportId();
    clock.advance(Duration.ofSeconds(10));
    reconcile("products");
    assertThat(pinecone.requestsFor(id)).noneMatch(r -> r.method().equals("DELETE"));

    clock.advance(Duration.ofSeconds(10));
    reconcile("products"); // 20 s after the start: one DELETE
    clock.advance(POLL);
    reconcile("products"); // Pinecone now reports Cancelled

    assertThat(deletes(id)).isEqualTo(1);
    assertThat(get("products").getStatus().getPhase()).isEqualTo("Cancelled");
    assertThat(reason(get("products"), Conditions.STALLED)).isEqualTo("TimedOut");
    assertThat(events)
        .filteredOn(e -> e.reason() == Reason.TimedOut || e.reason() == Reason.ImportCancelled)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.TimedOut);
              assertThat(e.type()).isEqualTo(ImportEvent.Type.Warning);
            });
  }

  @Test
  void withACapOfTwoTheThirdAndFourthStartWaitInOrderAndGoWhenOneEnds() {
    configure(Map.of(OperatorConfig.MAX_RUNNING_IMPORTS_PER_INDEX, "2"));
    pinecone.startScript(URI + "q1/", TestResources.SCRIPT); // ends after 50 s
    ImportScript slow = TestResources.SCRIPT.scaled(100);
    for (String q : List.of("q2", "q3", "q4")) {
      pinecone.startScript(URI + q + "/", slow);
    }
    for (String q : List.of("q1", "q2", "q3", "q4")) {
      create(TestResources.startingImport(q, pinecone.hostAndPort(), URI + q + "/"), "10s");
    }

    for (String q : List.of("q4", "q3", "q2", "q1")) {
      reconcile(q); // the order of reconciles does not matter, creation order does
    }
    for (String q : List.of("q4", "q3", "q2", "q1")) {
      reconcile(q);
    }

    assertThat(pinecone.postCount()).isEqualTo(2);
    assertThat(
            pinecone.requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().equals("/bulk/imports")))
        .as("Pinecone's list, for the queue: at most once per poll interval per host")
        .hasSize(1);
    assertThat(pinecone.postCount(URI + "q1/")).isEqualTo(1);
    assertThat(pinecone.postCount(URI + "q2/")).isEqualTo(1);
    assertThat(get("q3").getStatus().getPhase()).isEqualTo("Queued");
    assertThat(get("q3").getStatus().getQueuePosition()).isEqualTo(1);
    assertThat(get("q4").getStatus().getQueuePosition()).isEqualTo(2);
    assertThat(reason(get("q4"), Conditions.RECONCILING)).isEqualTo("Queued");
    assertThat(message(get("q4"), Conditions.RECONCILING)).contains("number 2 of 2", "at most 2");

    clock.advance(Duration.ofMinutes(2));
    reconcile("q1"); // Completed
    reconcile("q4");
    reconcile("q3");

    assertThat(get("q1").getStatus().getPhase()).isEqualTo("Completed");
    assertThat(pinecone.postCount(URI + "q3/")).as("first in, first out").isEqualTo(1);
    assertThat(pinecone.postCount(URI + "q4/")).isZero();
    assertThat(get("q4").getStatus().getQueuePosition()).isEqualTo(1);
  }

  @Test
  void aStartPineconeRefusesForTooManyRunningImportsWaitsInsteadOfStalling() {
    pinecone.maxRunningImports(1);
    pinecone.startScript(URI + "a/", TestResources.SCRIPT);
    pinecone.startScript(URI + "b/", TestResources.SCRIPT);
    create(TestResources.startingImport("a", pinecone.hostAndPort(), URI + "a/"), "10s");
    create(TestResources.startingImport("b", pinecone.hostAndPort(), URI + "b/"), "10s");
    reconcile("a");

    var waiting = reconcile("b");

    assertThat(get("b").getStatus().getPhase()).isEqualTo("Queued");
    assertThat(reason(get("b"), Conditions.RECONCILING)).isEqualTo("Queued");
    assertThat(get("b").getStatus().getStart()).as("nothing was created").isNull();
    assertThat(waiting.getScheduleDelay()).contains(Duration.ofSeconds(10).toMillis());
    assertThat(events).extracting(ImportEvent::reason).doesNotContain(Reason.StartRefused);

    clock.advance(Duration.ofMinutes(2));
    reconcile("a"); // Completed
    reconcile("b");
    assertThat(pinecone.postCount(URI + "b/")).isEqualTo(2);
    assertThat(get("b").getStatus().getImportId()).isNotNull();
  }

  private void rerun(String name, String value) {
    editSpec(name, s -> s.setRerun(value));
  }

  /** Starts this resource's import and returns its ID, after one reconcile. */
  private String startedRunning(String name) {
    pinecone.startScript(URI, TestResources.SCRIPT);
    create(starting(name));
    reconcile(name);
    return get(name).getStatus().getImportId();
  }

  /** A spec edit, as kubectl apply would make it (the generation moves). */
  private void editSpec(String name, Consumer<PineconeImportSpec> change) {
    var cr = get(name);
    change.accept(cr.getSpec());
    kube.client().resource(cr).update();
  }

  private long deletes(String id) {
    return pinecone.requestsFor(id).stream().filter(r -> r.method().equals("DELETE")).count();
  }

  private PineconeImport starting(String name) {
    var cr = TestResources.startingImport(name, pinecone.hostAndPort(), URI);
    cr.getSpec().setPollInterval("10s");
    return cr;
  }

  private void create(PineconeImport cr) {
    kube.client().resource(cr).create();
  }

  private void create(PineconeImport cr, String pollInterval) {
    cr.getSpec().setPollInterval(pollInterval);
    create(cr);
  }

  private UpdateControl<PineconeImport> reconcile(String name) {
    return reconciler.reconcile(get(name), context);
  }

  private PineconeImport get(String name) {
    return TestResources.get(kube.client(), name);
  }

  private static String message(PineconeImport cr, String type) {
    return Conditions.find(cr.getStatus().getConditions(), type)
        .map(Condition::getMessage)
        .orElse(null);
  }

  private static String reason(PineconeImport cr, String type) {
    return Conditions.find(cr.getStatus().getConditions(), type)
        .filter(c -> c.getStatus().equals(Conditions.TRUE))
        .map(Condition::getReason)
        .orElse(null);
  }
}
