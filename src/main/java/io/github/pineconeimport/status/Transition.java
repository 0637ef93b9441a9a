package io.github.pineconeimport.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.pinecone.BulkImport;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure: the events a change of status deserves. Because the old status is the one stored on the
 * resource, a restarted operator or a second reconcile of a finished import finds nothing new.
 */
public final class Transition {

  private Transition() {}

  /** The events of a change nobody asked for (no spec.cancel). */
  public static List<ImportEvent> events(PineconeImportStatus previous, PineconeImportStatus next) {
    return events(previous, next, false);
  }

  /**
   * @param cancelAsked the resource's spec.cancel: an import cancelled because its user asked is
   *     the outcome they wanted (Normal), one cancelled by anyone else is a Warning
   */
  public static List<ImportEvent> events(
      PineconeImportStatus previous, PineconeImportStatus next, boolean cancelAsked) {
    List<ImportEvent> events = new ArrayList<>();
    started(previous, next).ifPresent(events::add);
    String oldPhase = previous == null ? null : previous.getPhase();
    String newPhase = next.getPhase();
    if (BulkImport.isTerminal(newPhase) && !Objects.equals(oldPhase, newPhase)) {
      events.add(terminalEvent(next, cancelAsked));
    }
    Optional<Condition> stalled = stalledProblem(next);
    if (stalled.isPresent() && !sameProblem(stalledProblem(previous), stalled.get())) {
      events.add(
          new ImportEvent(
              ImportEvent.Type.Warning,
              Reason.valueOf(stalled.get().getReason()),
              stalled.get().getMessage()));
    }
    return events;
  }

  /** The import this resource started (or adopted after a lost answer) got its ID. */
  private static Optional<ImportEvent> started(
      PineconeImportStatus previous, PineconeImportStatus next) {
    boolean hadId = previous != null && previous.getImportId() != null;
    if (hadId || next.getImportId() == null || next.getStart() == null) {
      return Optional.empty();
    }
    return Optional.of(
        new ImportEvent(
            ImportEvent.Type.Normal,
            Reason.ImportStarted,
            "Started import "
                + next.getImportId()
                + " from "
                + next.getStart().getUri()
                + (next.getRerun() == null ? "" : " (re-run '" + next.getRerun() + "')")));
  }

  private static ImportEvent terminalEvent(PineconeImportStatus s, boolean cancelAsked) {
    String message =
        Conditions.find(s.getConditions(), Conditions.READY).map(Condition::getMessage).orElse("");
    boolean timedOut =
        Conditions.find(s.getConditions(), Conditions.STALLED)
            .filter(c -> Reason.TimedOut.name().equals(c.getReason()))
            .isPresent();
    if (timedOut) {
      return new ImportEvent(ImportEvent.Type.Warning, Reason.TimedOut, message);
    }
    return switch (s.getPhase()) {
      case BulkImport.COMPLETED -> completedEvent(s, message);
      case BulkImport.FAILED ->
          new ImportEvent(ImportEvent.Type.Warning, Reason.ImportFailed, message);
      default ->
          new ImportEvent(
              cancelAsked ? ImportEvent.Type.Normal : ImportEvent.Type.Warning,
              Reason.ImportCancelled,
              message);
    };
  }

  /**
   * Records that failed validation were skipped (errorMode Continue): the import completed, but not
   * with all the data, which deserves a Warning a person sees in place of the Normal event.
   */
  private static ImportEvent completedEvent(PineconeImportStatus s, String message) {
    Long errors =
        s.getValidationResult() == null ? null : s.getValidationResult().getImportErrors();
    return errors != null && errors > 0
        ? new ImportEvent(ImportEvent.Type.Warning, Reason.ImportCompletedWithErrors, message)
        : new ImportEvent(ImportEvent.Type.Normal, Reason.ImportCompleted, message);
  }

  /** Stalled=True for a reason other than the import's own end (which has its own event). */
  private static Optional<Condition> stalledProblem(PineconeImportStatus s) {
    if (s == null) {
      return Optional.empty();
    }
    return Conditions.find(s.getConditions(), Conditions.STALLED)
        .filter(c -> Conditions.TRUE.equals(c.getStatus()))
        .filter(c -> Reason.parse(c.getReason()).filter(Reason::needsUser).isPresent());
  }

  private static boolean sameProblem(Optional<Condition> old, Condition now) {
    return old.isPresent()
        && Objects.equals(old.get().getReason(), now.getReason())
        && Objects.equals(old.get().getMessage(), now.getMessage());
  }
}
