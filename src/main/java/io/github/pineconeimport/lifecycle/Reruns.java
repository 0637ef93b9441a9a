package io.github.pineconeimport.lifecycle;

import io.github.pineconeimport.api.v1alpha1.PineconeImportSpec;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.api.v1alpha1.RunRecord;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.status.Conditions;
import io.github.pineconeimport.status.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure: spec.rerun asks for one more run of the same source. A run starts only once the current one
 * is over (its import ended, or its start was refused or cancelled before it began): a running
 * import is never cancelled for it. The run that ends goes to status.history, the newest {@link
 * #MAX_HISTORY} kept.
 */
public final class Reruns {

  public static final int MAX_HISTORY = 10;

  private Reruns() {}

  /** spec.rerun names a run the status has not begun. */
  public static boolean asked(PineconeImportSpec spec, PineconeImportStatus status) {
    return spec.startsImport()
        && spec.getRerun() != null
        && !Objects.equals(spec.getRerun(), status == null ? null : status.getRerun());
  }

  /** A new run starts now: it was asked for, nothing runs, and cancel does not forbid it. */
  public static boolean due(PineconeImportSpec spec, PineconeImportStatus status) {
    return asked(spec, status) && !spec.cancelRequested() && over(status);
  }

  /** Asked for while the current import still runs: it waits for the end. */
  public static boolean waiting(PineconeImportSpec spec, PineconeImportStatus status) {
    return asked(spec, status) && !over(status);
  }

  /** Nothing of the current run is under way: ended, refused, cancelled before it began. */
  static boolean over(PineconeImportStatus status) {
    if (status == null) {
      return true;
    }
    if (status.getImportId() != null) {
      return BulkImport.isTerminal(status.getPhase());
    }
    return status.getStart() == null;
  }

  /**
   * The status a new run starts from: the run that ended archived in history, the rest of what
   * described it gone, the new spec.rerun recorded. Conditions stay (their times stay meaningful).
   */
  public static PineconeImportStatus newRun(PineconeImportStatus status, String rerun) {
    var next = new PineconeImportStatus();
    List<RunRecord> history = new ArrayList<>();
    if (status != null) {
      var copy = status.copy();
      next.setConditions(copy.getConditions());
      if (copy.getHistory() != null) {
        history.addAll(copy.getHistory());
      }
      record(copy).ifPresent(history::add);
    }
    while (history.size() > MAX_HISTORY) {
      history.remove(0);
    }
    next.setHistory(history.isEmpty() ? null : history);
    next.setRerun(rerun);
    return next;
  }

  /** The run this status describes, if one happened. */
  static Optional<RunRecord> record(PineconeImportStatus s) {
    var r = new RunRecord();
    r.setRerun(s.getRerun());
    if (s.getImportId() != null) {
      r.setImportId(s.getImportId());
      r.setPhase(s.getPhase());
      r.setRecordsImported(s.getRecordsImported());
      r.setStartedAt(s.getCreatedAt() != null ? s.getCreatedAt() : requestedAt(s));
      r.setFinishedAt(s.getFinishedAt());
      r.setError(cut(s.getError()));
      return Optional.of(r);
    }
    var stalled =
        Conditions.find(s.getConditions(), Conditions.STALLED)
            .filter(c -> Conditions.TRUE.equals(c.getStatus()));
    if (stalled.filter(c -> Reason.StartRefused.name().equals(c.getReason())).isPresent()) {
      r.setPhase(Reason.StartRefused.name());
      r.setError(cut(stalled.get().getMessage()));
      r.setFinishedAt(stalled.get().getLastTransitionTime());
      return Optional.of(r);
    }
    if (BulkImport.CANCELLED.equals(s.getPhase())) {
      r.setPhase(BulkImport.CANCELLED); // cancelled before it started
      return Optional.of(r);
    }
    return Optional.empty();
  }

  private static String requestedAt(PineconeImportStatus s) {
    return s.getStart() == null ? null : s.getStart().getRequestedAt();
  }

  private static String cut(String error) {
    return error == null || error.length() <= RunRecord.MAX_ERROR
        ? error
        : error.substring(0, RunRecord.MAX_ERROR);
  }
}
