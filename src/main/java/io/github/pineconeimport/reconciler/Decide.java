package io.github.pineconeimport.reconciler;

import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportSpec;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.config.Durations;
import io.github.pineconeimport.lifecycle.CancelPlan;
import io.github.pineconeimport.lifecycle.Cleanup;
import io.github.pineconeimport.status.ImportStatusMapper;
import io.github.pineconeimport.status.Observation;
import io.github.pineconeimport.status.PollSchedule;
import io.github.pineconeimport.status.Problem;
import io.github.pineconeimport.status.ProgressEstimate;
import io.github.pineconeimport.status.Transition;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Pure: from what a reconcile saw, what it does: the next status and its events, a cancel, the
 * finalizer, the next look. No I/O; the clock is a parameter and the poll schedule's jitter comes
 * from the random source it was built with.
 */
public final class Decide {

  static final Duration MIN_POLL_INTERVAL = PineconeAccess.MIN_POLL_INTERVAL;

  private final PollSchedule schedule;

  public Decide(PollSchedule schedule) {
    this.schedule = schedule;
  }

  public Decision next(Seen seen, Instant now) {
    if (seen instanceof Seen.Looked looked) {
      return looked(looked, now);
    }
    if (seen instanceof Seen.NotYet notYet) {
      return Decision.waitFor(notYet.delay());
    }
    if (seen instanceof Seen.Finished finished) {
      // stop looking, and drop a finalizer the ended import no longer needs
      return Decision.stop(finalizer(finished.resource(), finished.resource().getStatus()));
    }
    return Decision.stop(Decision.FinalizerChange.NONE);
  }

  private Decision looked(Seen.Looked seen, Instant now) {
    PineconeImport resource = seen.resource();
    PineconeImportStatus before = resource.getStatus();
    Long generation = resource.getMetadata().getGeneration();
    Observation observation = seen.observation();
    // import fields are carried over only while they describe the import tracked now
    PineconeImportStatus next =
        ImportStatusMapper.map(before, generation, seen.importId(), observation, now);
    next = ProgressEstimate.apply(before, next, now);
    if (seen.access() != null) {
      next.setPineconeApiVersion(seen.access().apiVersion()); // the version this look used
    }
    Optional<String> cancel = Optional.empty();
    if (observation instanceof Observation.Described d && cancelDue(resource, d, now)) {
      cancel = Optional.of(seen.importId());
      next.setCancelRequestedAt(now.truncatedTo(ChronoUnit.SECONDS).toString());
    }
    boolean transientFailure = observation instanceof Problem p && !p.needsUser();
    int failures = transientFailure ? seen.failuresBefore() + 1 : 0;
    boolean changed = !next.equals(before);
    boolean cancelAsked = resource.getSpec() != null && resource.getSpec().cancelRequested();
    return new Decision(
        changed ? next : null,
        changed ? Transition.events(before, next, cancelAsked) : List.of(),
        cancel,
        finalizer(resource, next),
        schedule.next(observation, pollInterval(resource), failures),
        failures);
  }

  /**
   * The DELETE of a cancel failed: nothing is recorded as sent, so the next look tries again.
   *
   * @param before the status as read, whose cancelRequestedAt stays
   */
  public static Decision cancelNotSent(Decision decided, PineconeImportStatus before) {
    if (decided.status() == null) {
      return decided;
    }
    var next = decided.status().copy();
    next.setCancelRequestedAt(before == null ? null : before.getCancelRequestedAt());
    boolean changed = !next.equals(before);
    return new Decision(
        changed ? next : null,
        changed ? decided.events() : List.of(),
        Optional.empty(),
        decided.finalizer(),
        decided.nextLook(),
        decided.failuresInARow());
  }

  /** spec.cancel on a running import: one DELETE, another only if it still runs much later. */
  private static boolean cancelDue(
      PineconeImport resource, Observation.Described observed, Instant now) {
    PineconeImportStatus stored = resource.getStatus();
    return CancelPlan.sendNow(
        resource.getSpec().cancelRequested(),
        observed.bulkImport().status(),
        stored == null ? null : stored.getCancelRequestedAt(),
        now);
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
