package io.github.pineconeimport.reconciler;

import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.status.ImportEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a reconcile will do, decided before any of it is done.
 *
 * @param status the status the resource should show, null to leave it as it is
 * @param events the events of that change, raised once it is stored
 * @param cancel the import to cancel in Pinecone (spec.cancel), if one DELETE is due now
 * @param finalizer whether our finalizer goes on or off
 * @param nextPoll when to poll again; empty: stop polling and forget the import
 * @param failuresInARow transient failures in a row, this poll included, for the backoff
 */
public record Decision(
    PineconeImportStatus status,
    List<ImportEvent> events,
    Optional<String> cancel,
    FinalizerChange finalizer,
    Optional<Duration> nextPoll,
    int failuresInARow) {

  /** Whether our finalizer is added, removed or left as it is. */
  public enum FinalizerChange {
    ADD,
    REMOVE,
    NONE
  }

  /** Poll again after delay, with nothing else done now. */
  static Decision waitFor(Duration delay) {
    return new Decision(
        null, List.of(), Optional.empty(), FinalizerChange.NONE, Optional.of(delay), 0);
  }

  /** Stop looking: nothing will change until the spec does. */
  static Decision stop(FinalizerChange finalizer) {
    return new Decision(null, List.of(), Optional.empty(), finalizer, Optional.empty(), 0);
  }
}
