package io.github.pineconeimport.reconciler;

import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportSpec;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.config.Durations;
import io.github.pineconeimport.lifecycle.CancelPlan;
import io.github.pineconeimport.lifecycle.Cleanup;
import io.github.pineconeimport.lifecycle.Reruns;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.status.Health;
import io.github.pineconeimport.status.ImportStatusMapper;
import io.github.pineconeimport.status.Observation;
import io.github.pineconeimport.status.PollSchedule;
import io.github.pineconeimport.status.Problem;
import io.github.pineconeimport.status.ProgressEstimate;
import io.github.pineconeimport.status.Reason;
import io.github.pineconeimport.status.Timestamps;
import io.github.pineconeimport.status.Transition;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure: from what a reconcile saw, what it does: the next status and its events, a cancel, the
 * finalizer, the next poll. No I/O; the clock is a parameter and the poll schedule's jitter comes
 * from the random source it was built with.
 */
public final class Decide {

  static final Duration MIN_POLL_INTERVAL = PineconeAccess.MIN_POLL_INTERVAL;

  /** How soon a re-run that waited for the end of an import starts once it ended. */
  static final Duration RERUN_START = Duration.ofSeconds(1);

  private final PollSchedule schedule;

  public Decide(PollSchedule schedule) {
    this.schedule = schedule;
  }

  public Decision next(Seen seen, Instant now) {
    if (seen instanceof Seen.Polled polled) {
      return polled(polled, now);
    }
    if (seen instanceof Seen.NotYet notYet) {
      return Decision.waitFor(notYet.delay());
    }
    if (seen instanceof Seen.Suspended suspended) {
      return suspended(suspended.resource(), now);
    }
    if (seen instanceof Seen.Finished finished) {
      // stop polling, and drop a finalizer the ended import no longer needs
      return Decision.stop(finalizer(finished.resource(), finished.resource().getStatus()));
    }
    return Decision.stop(Decision.FinalizerChange.NONE);
  }

  private Decision polled(Seen.Polled seen, Instant now) {
    PineconeImport resource = seen.resource();
    PineconeImportStatus before = resource.getStatus();
    Long generation = resource.getMetadata().getGeneration();
    Observation observation = seen.observation();
    // import fields are carried over only while they describe the import tracked now
    PineconeImportStatus next =
        ImportStatusMapper.map(before, generation, seen.importId(), observation, now);
    next = ProgressEstimate.apply(before, next, now);
    if (seen.access() != null) {
      next.setPineconeApiVersion(seen.access().apiVersion()); // the version this poll used
    }
    Optional<String> cancel = Optional.empty();
    boolean timedOut = timedOut(resource, next, now);
    if (timedOut && BulkImport.CANCELLED.equals(next.getPhase())) {
      next =
          ImportStatusMapper.withConditions(
              next,
              new ImportStatusMapper.State(
                  Health.STALLED,
                  Reason.TimedOut,
                  "Timed out: the import ran longer than spec.timeout ("
                      + resource.getSpec().getTimeout()
                      + "), so the operator cancelled it"),
              generation,
              now);
    }
    String refused = cancelRefusedEarlier(resource, observation, timedOut);
    next.setCancelError(refused);
    if (refused != null) {
      next = cancelFailed(next, refused, generation, now);
    } else if (observation instanceof Observation.Described d
        && cancelDue(resource, d, timedOut, now)) {
      cancel = Optional.of(seen.importId());
      next.setCancelRequestedAt(now.truncatedTo(ChronoUnit.SECONDS).toString());
    }
    if (Reruns.waiting(resource.getSpec(), next)) {
      next = rerunWaits(next, resource.getSpec().getRerun(), generation, now);
    }
    boolean transientFailure = observation instanceof Problem p && !p.needsUser();
    int failures = transientFailure ? seen.failuresBefore() + 1 : 0;
    boolean changed = !next.equals(before);
    boolean cancelAsked = resource.getSpec() != null && resource.getSpec().cancelRequested();
    Optional<Duration> nextPoll = schedule.next(observation, pollInterval(resource), failures);
    if (nextPoll.isEmpty() && Reruns.due(resource.getSpec(), next)) {
      nextPoll = Optional.of(RERUN_START); // the import ended with a re-run asked: start it now
    }
    return new Decision(
        changed ? next : null,
        changed ? Transition.events(before, next, cancelAsked) : List.of(),
        cancel,
        finalizer(resource, next),
        nextPoll,
        failures);
  }

  /**
   * The DELETE of spec.cancel failed. Nothing is recorded as sent. Passing trouble (429, 5xx, no
   * answer) backs off like any other and the next poll sends it again; a refusal (another 4xx) is
   * shown (Stalled, CancelFailed, one Warning with Pinecone's message) and not sent again until the
   * spec changes.
   */
  public Decision cancelFailed(Decision decided, Seen.Polled seen, Problem problem, Instant now) {
    PineconeImport resource = seen.resource();
    PineconeImportStatus before = resource.getStatus();
    Long generation = resource.getMetadata().getGeneration();
    var next = decided.status() != null ? decided.status().copy() : before.copy();
    next.setCancelRequestedAt(before == null ? null : before.getCancelRequestedAt());
    int failures = decided.failuresInARow();
    Optional<Duration> nextPoll = decided.nextPoll();
    if (problem.needsUser()) {
      next.setCancelError(problem.message());
      next = cancelFailed(next, problem.message(), generation, now);
    } else {
      failures = seen.failuresBefore() + 1;
      nextPoll = schedule.next(problem, pollInterval(resource), failures);
    }
    boolean changed = !next.equals(before);
    return new Decision(
        changed ? next : null,
        changed ? Transition.events(before, next, true) : List.of(),
        Optional.empty(),
        decided.finalizer(),
        nextPoll,
        failures);
  }

  /** A re-run asked while the import runs: it says so, and starts once the import ended. */
  private static PineconeImportStatus rerunWaits(
      PineconeImportStatus next, String rerun, Long generation, Instant now) {
    return ImportStatusMapper.shown(next)
        .map(
            s ->
                ImportStatusMapper.withConditions(
                    next,
                    new ImportStatusMapper.State(
                        s.health(),
                        s.reason(),
                        s.message()
                            + "; re-run '"
                            + rerun
                            + "' waits for this import to end (it is not cancelled)"),
                    generation,
                    now))
        .orElse(next);
  }

  /** Pinecone's refusal of an earlier DELETE at this generation, while the import still runs. */
  private static String cancelRefusedEarlier(
      PineconeImport resource, Observation observation, boolean timedOut) {
    PineconeImportStatus before = resource.getStatus();
    boolean running =
        observation instanceof Observation.Described d
            && !BulkImport.isTerminal(d.bulkImport().status());
    if (before == null
        || before.getCancelError() == null
        || !running
        || !(resource.getSpec().cancelRequested() || timedOut)
        || !Objects.equals(
            before.getObservedGeneration(), resource.getMetadata().getGeneration())) {
      return null;
    }
    return before.getCancelError();
  }

  private static PineconeImportStatus cancelFailed(
      PineconeImportStatus next, String why, Long generation, Instant now) {
    return ImportStatusMapper.withConditions(
        next,
        new ImportStatusMapper.State(
            Health.STALLED,
            Reason.CancelFailed,
            "Pinecone refused to cancel the import: "
                + why
                + "; it is still running. spec.cancel is sent again after a change to the spec"),
        generation,
        now);
  }

  /**
   * spec.cancel, or spec.timeout passed, on a running import: one DELETE, another only if it still
   * runs much later.
   */
  private static boolean cancelDue(
      PineconeImport resource, Observation.Described observed, boolean timedOut, Instant now) {
    PineconeImportStatus stored = resource.getStatus();
    return CancelPlan.sendNow(
        resource.getSpec().cancelRequested() || timedOut,
        observed.bulkImport().status(),
        stored == null ? null : stored.getCancelRequestedAt(),
        now);
  }

  /**
   * spec.timeout has passed since the import started (Pinecone's createdAt, else the start intent),
   * and no cancel of the user's own explains its end.
   */
  static boolean timedOut(PineconeImport resource, PineconeImportStatus status, Instant now) {
    var spec = resource.getSpec();
    if (spec.getTimeout() == null || spec.cancelRequested()) {
      return false;
    }
    Optional<Duration> timeout = Durations.parse(spec.getTimeout());
    String started =
        status.getCreatedAt() != null
            ? status.getCreatedAt()
            : status.getStart() == null ? null : status.getStart().getRequestedAt();
    Optional<Instant> since = Timestamps.parse(started);
    return timeout.isPresent()
        && since.isPresent()
        && !now.isBefore(since.get().plus(timeout.get()));
  }

  /** spec.suspend: all three conditions False, reason Suspended; nothing else, no next poll. */
  private static Decision suspended(PineconeImport resource, Instant now) {
    PineconeImportStatus before = resource.getStatus();
    Long generation = resource.getMetadata().getGeneration();
    var next = before == null ? new PineconeImportStatus() : before.copy();
    next.setObservedGeneration(generation);
    next =
        ImportStatusMapper.withConditions(
            next,
            new ImportStatusMapper.State(
                Health.SUSPENDED,
                Reason.Suspended,
                "Suspended: spec.suspend is true, so nothing is sent to Pinecone (no start, no"
                    + " poll, no cancel) until it is false; deleting still applies"
                    + " deletionPolicy"),
            generation,
            now);
    boolean changed = !next.equals(before);
    return new Decision(
        changed ? next : null,
        changed ? Transition.events(before, next) : List.of(),
        Optional.empty(),
        Decision.FinalizerChange.NONE,
        Optional.empty(),
        0);
  }

  /** Our finalizer is on exactly while {@link Cleanup#finalizerNeeded} says so. */
  static Decision.FinalizerChange finalizer(PineconeImport resource, PineconeImportStatus status) {
    boolean needed = Cleanup.finalizerNeeded(resource.getSpec(), status);
    boolean present = resource.hasFinalizer(Cleanup.FINALIZER);
    if (needed == present || resource.isMarkedForDeletion()) {
      return Decision.FinalizerChange.NONE;
    }
    return needed ? Decision.FinalizerChange.ADD : Decision.FinalizerChange.REMOVE;
  }

  static Duration pollInterval(PineconeImport resource) {
    return Optional.ofNullable(resource.getSpec())
        .flatMap(s -> Durations.parse(s.effectivePollInterval()))
        .filter(d -> d.compareTo(MIN_POLL_INTERVAL) >= 0)
        .orElse(Durations.parse(PineconeImportSpec.DEFAULT_POLL_INTERVAL).orElseThrow());
  }
}
