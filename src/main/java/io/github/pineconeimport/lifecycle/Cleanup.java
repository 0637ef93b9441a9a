package io.github.pineconeimport.lifecycle;

import io.github.pineconeimport.api.v1alpha1.DeletionPolicy;
import io.github.pineconeimport.api.v1alpha1.PineconeImportSpec;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.status.Problem;
import java.time.Duration;
import java.time.Instant;

/**
 * Pure: when the finalizer must be on a PineconeImport, and when a deletion stops trying to cancel.
 * A finalizer that outlives its work blocks namespace deletion for nothing, so it is there only
 * while deleting the resource would have to cancel something: policy Cancel and an import that has
 * not finished, or a start that may be in flight.
 */
public final class Cleanup {

  public static final String FINALIZER = "pinecone.io/cancel-import";

  private Cleanup() {}

  public static boolean finalizerNeeded(PineconeImportSpec spec, PineconeImportStatus status) {
    if (spec == null || spec.effectiveDeletionPolicy() != DeletionPolicy.Cancel) {
      return false;
    }
    boolean startInFlight =
        status != null && status.getStart() != null && status.getImportId() == null;
    if (status != null && BulkImport.isTerminal(status.getPhase()) && !startInFlight) {
      // a phase left over from before a start began says nothing about that start
      return false;
    }
    return spec.getImportId() != null
        || (status != null && (status.getImportId() != null || status.getStart() != null));
  }

  /**
   * Whether to let the resource go without a confirmed cancel: at once for trouble that waits on a
   * person (the key is gone, as in a namespace deletion; the host is no longer allowed; Pinecone
   * answers 404, 401 or 403), and after {@code timeout} for trouble that might pass. Deletion never
   * hangs longer than that.
   */
  public static boolean giveUp(
      Problem problem, Instant deletionRequestedAt, Instant now, Duration timeout) {
    return problem.needsUser()
        || deletionRequestedAt == null
        || !now.isBefore(deletionRequestedAt.plus(timeout));
  }
}
