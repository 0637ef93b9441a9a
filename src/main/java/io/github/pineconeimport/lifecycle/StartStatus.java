package io.github.pineconeimport.lifecycle;

import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.api.v1alpha1.StartIntent;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.status.Conditions;
import io.github.pineconeimport.status.Health;
import io.github.pineconeimport.status.ImportStatusMapper;
import io.github.pineconeimport.status.Problem;
import io.github.pineconeimport.status.Reason;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Pure: the status of each step of a start, so a user sees where it stands (and the README's
 * conditions table holds for it): starting, started, refused, unconfirmed, cancelled before it
 * started.
 */
public final class StartStatus {

  private StartStatus() {}

  public static StartIntent intent(String uri, int attempt, Instant now) {
    return new StartIntent(now.truncatedTo(ChronoUnit.MILLIS).toString(), uri, attempt);
  }

  /**
   * The intent, recorded before the POST. What described an earlier outcome (a Cancelled before any
   * start, a refused start) goes: a new start describes nothing yet.
   */
  public static PineconeImportStatus starting(
      PineconeImportStatus previous, StartIntent intent, Long generation, Instant now) {
    var next = new PineconeImportStatus();
    if (previous != null) {
      var copy = previous.copy();
      next.setConditions(copy.getConditions());
      next.setRerun(copy.getRerun());
      next.setHistory(copy.getHistory());
    }
    next.setObservedGeneration(generation);
    next.setStart(intent);
    return state(
        next,
        Health.RECONCILING,
        Reason.ImportStarting,
        "Starting the import from "
            + intent.getUri()
            + (next.getRerun() == null ? "" : " (re-run '" + next.getRerun() + "')")
            + (intent.getAttempt() > 1
                ? " (attempt "
                    + intent.getAttempt()
                    + "; the list showed no import from the earlier one)"
                : ""),
        generation,
        now);
  }

  /** Pinecone answered the start (or the list showed it): from now on, track this ID. */
  public static PineconeImportStatus started(
      PineconeImportStatus previous, String importId, Long generation, Instant now) {
    var next = copy(previous, generation);
    next.setImportId(importId);
    String uri = next.getStart() == null ? "" : " from " + next.getStart().getUri();
    return state(
        next,
        Health.RECONCILING,
        Reason.ImportStarted,
        "Started import " + importId + uri,
        generation,
        now);
  }

  /**
   * The start certainly created nothing: the intent goes, so the next try needs no list. A {@link
   * Reason#StartRefused} stays until the spec changes.
   */
  public static PineconeImportStatus notStarted(
      PineconeImportStatus previous, Problem problem, Long generation, Instant now) {
    var next = ImportStatusMapper.map(previous, generation, problem, now);
    next.setStart(null);
    return next;
  }

  /**
   * True when Pinecone refused this very API version for the start of this spec generation (the
   * status records the version in use): another POST at it would be refused again, so none goes out
   * until the spec or the operator's PINECONE_API_VERSION changes, and the one Warning stays the
   * only one.
   */
  public static boolean versionRefusedFor(
      PineconeImportStatus status, Long generation, String apiVersion) {
    return status != null
        && status.getImportId() == null
        && apiVersion != null
        && apiVersion.equals(status.getPineconeApiVersion())
        && Conditions.find(status.getConditions(), Conditions.STALLED)
            .filter(c -> Conditions.TRUE.equals(c.getStatus()))
            .filter(c -> Reason.ApiVersionUnsupported.name().equals(c.getReason()))
            .filter(c -> Objects.equals(c.getObservedGeneration(), generation))
            .isPresent();
  }

  /** The start's answer was lost: it may exist, so the intent stays and the list decides. */
  public static PineconeImportStatus unconfirmed(
      PineconeImportStatus previous, Problem problem, Long generation, Instant now) {
    return ImportStatusMapper.map(previous, generation, problem, now);
  }

  /**
   * Waiting in the start queue of its index host: no intent, no import, its place shown.
   *
   * @param cap MAX_RUNNING_IMPORTS_PER_INDEX
   */
  public static PineconeImportStatus queued(
      PineconeImportStatus previous, StartQueue.Wait wait, int cap, Long generation, Instant now) {
    return queued(
        previous,
        wait.position(),
        "Queued: number "
            + wait.position()
            + " of "
            + wait.waiting()
            + " waiting to start on this index host, where "
            + wait.running()
            + " imports run and at most "
            + cap
            + " may (MAX_RUNNING_IMPORTS_PER_INDEX)",
        generation,
        now);
  }

  /** Pinecone refused the start because too many imports run on the index: nothing was created. */
  public static PineconeImportStatus queuedByPinecone(
      PineconeImportStatus previous, String pineconeSays, Long generation, Instant now) {
    return queued(
        previous,
        null,
        "Queued: Pinecone refused the start because too many imports run on the index ("
            + pineconeSays
            + "); trying again at the next poll",
        generation,
        now);
  }

  /** No intent, no import: phase Queued, its place if known. */
  private static PineconeImportStatus queued(
      PineconeImportStatus previous,
      Integer position,
      String message,
      Long generation,
      Instant now) {
    var next = copy(previous, generation);
    next.setStart(null);
    next.setPhase(StartQueue.QUEUED);
    next.setQueuePosition(position);
    return state(next, Health.RECONCILING, Reason.Queued, message, generation, now);
  }

  /** spec.cancel before any import existed: nothing to call, the resource ends Cancelled. */
  public static PineconeImportStatus cancelledBeforeStart(
      PineconeImportStatus previous, Long generation, Instant now) {
    var next = copy(previous, generation);
    next.setStart(null);
    next.setPhase(BulkImport.CANCELLED);
    return state(
        next,
        Health.STALLED,
        Reason.ImportCancelled,
        "Cancelled before it started: spec.cancel is true, no import was started in Pinecone",
        generation,
        now);
  }

  private static PineconeImportStatus copy(PineconeImportStatus previous, Long generation) {
    var next = previous == null ? new PineconeImportStatus() : previous.copy();
    next.setObservedGeneration(generation);
    return next;
  }

  private static PineconeImportStatus state(
      PineconeImportStatus s,
      Health health,
      Reason reason,
      String message,
      Long generation,
      Instant now) {
    return ImportStatusMapper.withConditions(
        s, new ImportStatusMapper.State(health, reason, message), generation, now);
  }
}
