package io.github.pineconeimport.reconciler;

import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.status.Observation;
import java.time.Duration;

/** What a reconcile found out before deciding anything: the observe step's answer. */
public sealed interface Seen {

  /** The last poll, at this spec generation, found the import ended: nothing left to do. */
  record Finished(PineconeImport resource) implements Seen {}

  /**
   * No poll now: the next one is not due, the host's budget is spent, or a start may be in flight.
   */
  record NotYet(Duration delay) implements Seen {}

  /** spec.suspend: no call to Pinecone; the status says so. */
  record Suspended(PineconeImport resource) implements Seen {}

  /** Nothing to do until the spec changes: the start was refused, or cancelled before it began. */
  record Idle() implements Seen {}

  /**
   * A poll was taken.
   *
   * @param resource the latest stored version (a start step may have written it)
   * @param importId the import it tracks now, null while none was started
   * @param observation what Pinecone said, or what kept us from asking
   * @param access where and how Pinecone may be called, null when it may not
   * @param inputs what the poll depended on, to tell an early wake-up that changed nothing
   * @param failuresBefore transient failures in a row before this poll
   */
  record Polled(
      PineconeImport resource,
      String importId,
      Observation observation,
      PineconeAccess.Granted access,
      ImportMemory.Inputs inputs,
      int failuresBefore)
      implements Seen {}
}
