package io.github.pineconeimport.status;

import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.pinecone.BulkImport;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Pure: when an import that loads will reach 100 %, from the progress rate the operator saw.
 *
 * <ul>
 *   <li>Only InProgress below 100 %: at 100 % Pinecone still indexes, for a time no rate predicts,
 *       so the estimate goes away.
 *   <li>Only when percentComplete changed since the previous status: an unchanged percentage keeps
 *       the previous values, so the estimate never causes a status write of its own.
 *   <li>The first observation with a percentage is the baseline; from the second one with more
 *       progress there is a rate, smoothed with an exponentially weighted mean (weight {@link
 *       #WEIGHT} on the newest step) so one quick or slow step does not swing the ETA.
 * </ul>
 */
public final class ProgressEstimate {

  /** Weight of the newest step in the smoothed rate. */
  static final double WEIGHT = 0.5;

  private ProgressEstimate() {}

  /**
   * @param previous the stored status (null on the first reconcile)
   * @param next the status just mapped from Pinecone's answer; its ETA fields are set here
   * @param now when this observation was made (the operator's clock)
   */
  public static PineconeImportStatus apply(
      PineconeImportStatus previous, PineconeImportStatus next, Instant now) {
    Double percent = next.getPercentComplete();
    if (!BulkImport.IN_PROGRESS.equals(next.getPhase()) || percent == null || percent >= 100.0) {
      return clear(next);
    }
    Double before = previous == null ? null : previous.getPercentComplete();
    if (Objects.equals(before, percent) && previous.getProgressObservedAt() != null) {
      return next; // carried over by the mapper, unchanged
    }
    Instant seenAt =
        previous == null ? null : Timestamps.parse(previous.getProgressObservedAt()).orElse(null);
    next.setProgressObservedAt(now.truncatedTo(ChronoUnit.SECONDS).toString());
    if (before == null || seenAt == null || percent < before || !now.isAfter(seenAt)) {
      // a baseline: first percentage, or one that went backwards (start over)
      next.setProgressRate(null);
      next.setEstimatedCompletionTime(null);
      return next;
    }
    double hours = Duration.between(seenAt, now).toMillis() / 3_600_000.0;
    double step = (percent - before) / hours;
    Double old = previous.getProgressRate();
    double rate = old == null ? step : WEIGHT * step + (1 - WEIGHT) * old;
    next.setProgressRate(round(rate));
    long etaMillis = Math.round((100.0 - percent) / rate * 3_600_000.0);
    next.setEstimatedCompletionTime(
        now.plusMillis(etaMillis).truncatedTo(ChronoUnit.SECONDS).toString());
    return next;
  }

  private static PineconeImportStatus clear(PineconeImportStatus s) {
    s.setEstimatedCompletionTime(null);
    s.setProgressObservedAt(null);
    s.setProgressRate(null);
    return s;
  }

  /** Three decimals: enough for an ETA, and a stable value in the stored status. */
  private static double round(double rate) {
    return Math.round(rate * 1000.0) / 1000.0;
  }
}
