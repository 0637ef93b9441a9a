package io.github.pineconeimport.lifecycle;

import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.status.Timestamps;
import java.time.Duration;
import java.time.Instant;

/**
 * Pure: whether {@code spec.cancel} should send {@code DELETE /bulk/imports/{id}} now. One DELETE;
 * another only when Pinecone still reports the import running {@link #RESEND_AFTER} later (a lost
 * answer, or a cancel Pinecone dropped). A finished import gets nothing.
 */
public final class CancelPlan {

  /**
   * Long enough that Pinecone has acted on the first DELETE (its own cancel is immediate; the
   * status settles within a poll or two), short enough that a dropped cancel is repaired soon.
   */
  public static final Duration RESEND_AFTER = Duration.ofMinutes(5);

  private CancelPlan() {}

  /**
   * @param observedPhase Pinecone's status as just observed
   * @param lastSentAt status.cancelRequestedAt, null when no DELETE was sent yet
   */
  public static boolean sendNow(
      boolean cancelRequested, String observedPhase, String lastSentAt, Instant now) {
    if (!cancelRequested || BulkImport.isTerminal(observedPhase)) {
      return false;
    }
    return Timestamps.parse(lastSentAt)
        .map(sent -> !now.isBefore(sent.plus(RESEND_AFTER)))
        .orElse(true);
  }
}
