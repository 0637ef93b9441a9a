package io.github.pineconeimport.reconciler;

import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.status.Problem;
import java.time.Duration;

/** Where a reconcile of a resource with {@code spec.source} stands after the start step. */
sealed interface StartOutcome {

  /** The import exists: track it (resource is the latest stored version). */
  record Tracking(PineconeImport resource, String importId) implements StartOutcome {}

  /** A start may be in flight, or another writer won the intent: poll again after delay. */
  record Waiting(Duration delay) implements StartOutcome {}

  /** Something stands in the way; its status is stored, the poll schedule decides when next. */
  record Blocked(PineconeImport resource, Problem problem) implements StartOutcome {}

  /** Nothing to do until the spec changes (refused, or cancelled before it started). */
  record Idle() implements StartOutcome {}
}
