package io.github.pineconeimport.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.api.v1alpha1.StartIntent;
import io.github.pineconeimport.lifecycle.Cleanup;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.reconciler.Decision.FinalizerChange;
import io.github.pineconeimport.status.ImportEvent;
import io.github.pineconeimport.status.ImportStatusMapper;
import io.github.pineconeimport.status.Observation;
import io.github.pineconeimport.status.PollSchedule;
import io.github.pineconeimport.status.Problem;
import io.github.pineconeimport.status.ProgressEstimate;
import io.github.pineconeimport.status.Reason;
import io.github.pineconeimport.testing.TestResources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decision of a reconcile, as a table: what was seen, and the status change, events, cancel,
 * finalizer change and next poll that follow. No I/O.
 */
class DecideTest {

  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  static final Duration POLL = Duration.ofSeconds(1); // TestResources' pollInterval
  static final Duration STALLED_RETRY = Duration.ofMinutes(10);
  static final String ID = "101";

  // no jitter: a poll is due one interval later, a backoff is half its ceiling
  final Decide decide =
      new Decide(new PollSchedule(Duration.ofMinutes(5), STALLED_RETRY, () -> 0L));

  /**
   * @param phase the phase the decision writes, null when it writes no status
   * @param events the reasons of the events it raises
   */
  record Row(
      String name,
      Seen seen,
      String phase,
      Reason reason,
      List<Reason> events,
      boolean cancel,
      FinalizerChange finalizer,
      Optional<Duration> nextPoll,
      int failures) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Row> rows() {
    var pending = status("Pending");
    return Stream.of(
        new Row(
            "not due yet: wait, nothing else",
            new Seen.NotYet(Duration.ofSeconds(7)),
            null,
            null,
            List.of(),
            false,
            FinalizerChange.NONE,
            Optional.of(Duration.ofSeconds(7)),
            0),
        new Row(
            "refused or cancelled before the start: stop",
            new Seen.Idle(),
            null,
            null,
            List.of(),
            false,
            FinalizerChange.NONE,
            Optional.empty(),
            0),
        new Row(
            "ended at this generation, finalizer left: stop and drop it",
            new Seen.Finished(withFinalizer(starting(false, status("Completed")))),
            null,
            null,
            List.of(),
            false,
            FinalizerChange.REMOVE,
            Optional.empty(),
            0),
        new Row(
            "first poll at a started import: write, add the finalizer",
            looked(starting(false, started()), described("Pending"), 0),
            "Pending",
            Reason.ImportPending,
            List.of(),
            false,
            FinalizerChange.ADD,
            Optional.of(POLL),
            0),
        new Row(
            "nothing new: no write, same interval",
            looked(withFinalizer(starting(false, pending)), described("Pending"), 0),
            null,
            null,
            List.of(),
            false,
            FinalizerChange.NONE,
            Optional.of(POLL),
            0),
        new Row(
            "progress: write, no event",
            looked(withFinalizer(starting(false, pending)), described("InProgress"), 0),
            "InProgress",
            Reason.ImportInProgress,
            List.of(),
            false,
            FinalizerChange.NONE,
            Optional.of(POLL),
            0),
        new Row(
            "completed: one event, stop, drop the finalizer",
            looked(withFinalizer(starting(false, pending)), described("Completed"), 0),
            "Completed",
            Reason.ImportCompleted,
            List.of(Reason.ImportCompleted),
            false,
            FinalizerChange.REMOVE,
            Optional.empty(),
            0),
        new Row(
            "failed: one Warning, stop",
            looked(withFinalizer(starting(false, pending)), described("Failed"), 0),
            "Failed",
            Reason.ImportFailed,
            List.of(Reason.ImportFailed),
            false,
            FinalizerChange.REMOVE,
            Optional.empty(),
            0),
        new Row(
            "passing trouble, third in a row: back off, no event",
            looked(
                withFinalizer(starting(false, pending)),
                new Problem(Reason.PineconeUnavailable, "Pinecone is unavailable"),
                2),
            "Pending",
            Reason.PineconeUnavailable,
            List.of(),
            false,
            FinalizerChange.NONE,
            Optional.of(POLL.multipliedBy(4).dividedBy(2)),
            3),
        new Row(
            "trouble that needs a person: one Warning, slow retry",
            looked(
                withFinalizer(starting(false, pending)),
                new Problem(Reason.SecretNotFound, "Secret ml/pinecone not found"),
                2),
            "Pending",
            Reason.SecretNotFound,
            List.of(Reason.SecretNotFound),
            false,
            FinalizerChange.NONE,
            Optional.of(STALLED_RETRY.multipliedBy(9).dividedBy(10)),
            0),
        new Row(
            "spec.cancel on a running import: one DELETE, recorded",
            looked(withFinalizer(starting(true, status("InProgress"))), described("InProgress"), 0),
            "InProgress",
            Reason.ImportInProgress,
            List.of(),
            true,
            FinalizerChange.NONE,
            Optional.of(POLL),
            0),
        new Row(
            "spec.cancel, DELETE sent a minute ago: not again",
            looked(
                withFinalizer(starting(true, cancelSent(Duration.ofMinutes(1)))),
                described("InProgress"),
                0),
            null,
            null,
            List.of(),
            false,
            FinalizerChange.NONE,
            Optional.of(POLL),
            0),
        new Row(
            "spec.cancel, import now Cancelled: a Normal event, stop",
            looked(
                withFinalizer(starting(true, cancelSent(Duration.ofMinutes(1)))),
                described("Cancelled"),
                0),
            "Cancelled",
            Reason.ImportCancelled,
            List.of(Reason.ImportCancelled),
            false,
            FinalizerChange.REMOVE,
            Optional.empty(),
            0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decides(Row row) {
    Decision d = decide.next(row.seen(), NOW);

    assertThat(d.status() == null ? null : d.status().getPhase()).isEqualTo(row.phase());
    if (row.reason() != null) {
      assertThat(d.status().getConditions())
          .allSatisfy(c -> assertThat(c.getReason()).isEqualTo(row.reason().name()));
    }
    assertThat(d.events()).extracting(ImportEvent::reason).isEqualTo(row.events());
    assertThat(d.cancel()).isEqualTo(row.cancel() ? Optional.of(ID) : Optional.empty());
    if (row.cancel()) {
      assertThat(d.status().getCancelRequestedAt()).isEqualTo("2026-03-01T10:00:00Z");
    }
    assertThat(d.finalizer()).isEqualTo(row.finalizer());
    assertThat(d.nextPoll()).isEqualTo(row.nextPoll());
    assertThat(d.failuresInARow()).isEqualTo(row.failures());
  }

  /** spec.cancel on a running import, and how its DELETE fails. */
  record CancelRow(
      String name,
      Problem problem,
      Reason stalledReason,
      List<Reason> events,
      Optional<Duration> nextPoll,
      int failures) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<CancelRow> cancelFailures() {
    return Stream.of(
        new CancelRow(
            "503: not recorded, backs off, sent again at the next poll",
            new Problem(Reason.PineconeUnavailable, "Pinecone is unavailable (HTTP 5xx)"),
            null,
            List.of(),
            Optional.of(POLL.dividedBy(2)),
            1),
        new CancelRow(
            "403: CancelFailed, one Warning, looks go on",
            new Problem(Reason.Forbidden, "HTTP 403: not allowed"),
            Reason.CancelFailed,
            List.of(Reason.CancelFailed),
            Optional.of(POLL),
            0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cancelFailures")
  void aFailedCancel(CancelRow row) {
    var seen =
        (Seen.Polled)
            looked(withFinalizer(starting(true, status("InProgress"))), described("InProgress"), 0);
    Decision decided = decide.next(seen, NOW);
    assertThat(decided.cancel()).contains(ID);

    Decision after = decide.cancelFailed(decided, seen, row.problem(), NOW);

    assertThat(after.cancel()).isEmpty();
    assertThat(after.nextPoll()).isEqualTo(row.nextPoll());
    assertThat(after.failuresInARow()).isEqualTo(row.failures());
    assertThat(after.events()).extracting(ImportEvent::reason).isEqualTo(row.events());
    var written = after.status() == null ? seen.resource().getStatus() : after.status();
    assertThat(written.getCancelRequestedAt()).as("not recorded as sent").isNull();
    if (row.stalledReason() == null) {
      assertThat(written.getCancelError()).isNull();
      return;
    }
    assertThat(written.getConditions())
        .allSatisfy(c -> assertThat(c.getReason()).isEqualTo(row.stalledReason().name()));
    assertThat(written.getCancelError()).contains("HTTP 403");

    // the next poll at the same generation sends nothing and keeps showing it, with no new event
    var stored = withFinalizer(starting(true, written));
    Decision next = decide.next(looked(stored, described("InProgress"), 0), NOW.plusSeconds(1));
    assertThat(next.cancel()).isEmpty();
    assertThat(next.events()).isEmpty();

    // a spec change sends it once more
    stored.getMetadata().setGeneration(2L);
    assertThat(decide.next(looked(stored, described("InProgress"), 0), NOW.plusSeconds(2)).cancel())
        .contains(ID);
  }

  static Seen looked(PineconeImport resource, Observation observation, int failuresBefore) {
    return new Seen.Polled(
        resource, ID, observation, null, new ImportMemory.Inputs(1L, "1"), failuresBefore);
  }

  static Observation described(String phase) {
    return new Observation.Described(
        new BulkImport(
            ID,
            "s3://b/p/",
            phase,
            "2026-03-01T09:00:00Z",
            BulkImport.isTerminal(phase) ? "2026-03-01T09:59:00Z" : null,
            phase.equals("Pending") ? null : 40.0,
            phase.equals("Pending") ? null : 400L,
            phase.equals("Failed") ? "bad file" : null));
  }

  static PineconeImport starting(boolean cancel, PineconeImportStatus status) {
    return TestResources.startingFrom("s3://b/p/", cancel, 1L, status);
  }

  static PineconeImport withFinalizer(PineconeImport cr) {
    cr.getMetadata().setFinalizers(List.of(Cleanup.FINALIZER));
    return cr;
  }

  /** The status the start step leaves: intent and ID recorded, nothing described yet. */
  static PineconeImportStatus started() {
    var s = new PineconeImportStatus();
    s.setStart(new StartIntent("2026-03-01T09:59:00Z", "s3://b/p/", 1));
    s.setImportId(ID);
    s.setObservedGeneration(1L);
    return s;
  }

  static PineconeImportStatus status(String phase) {
    // as the operator wrote it after a poll at NOW
    var s = ImportStatusMapper.map(started(), 1L, ID, described(phase), NOW);
    return ProgressEstimate.apply(started(), s, NOW);
  }

  static PineconeImportStatus cancelSent(Duration ago) {
    var s = status("InProgress");
    s.setCancelRequestedAt(NOW.minus(ago).toString());
    return s;
  }
}
