package io.github.pineconeimport.status;

import java.util.Optional;

/**
 * Every reason the operator writes, in conditions and in events: one spelling for each, CamelCase
 * as the Kubernetes conventions ask. docs/reference.md lists them (a test keeps the two in step).
 */
public enum Reason {
  // Where the import stands. Its end also raises an event of the same reason.
  /** The start intent is recorded; the POST follows. */
  ImportStarting(Kind.STATE),
  /** Pinecone answered the start (or the list showed it): the ID is recorded. Also an event. */
  ImportStarted(Kind.STATE_AND_EVENT),
  ImportPending(Kind.STATE),
  ImportInProgress(Kind.STATE),
  ImportCompleted(Kind.STATE_AND_EVENT),
  ImportFailed(Kind.STATE_AND_EVENT),
  ImportCancelled(Kind.STATE_AND_EVENT),
  /** Pinecone reported a status this operator does not know; polling continues. */
  UnknownImportStatus(Kind.STATE),
  /** Waiting in the start queue of its index host (phase Queued); no import exists yet. */
  Queued(Kind.STATE),
  /** spec.suspend: no call to Pinecone until it is false again. All three conditions False. */
  Suspended(Kind.STATE),
  /** The import ran longer than spec.timeout; the operator cancelled it. Stalled, one Warning. */
  TimedOut(Kind.STATE_AND_EVENT),

  // Waiting on a person: Stalled=True, one Warning event, a slow retry.
  InvalidSpec(Kind.NEEDS_USER),
  HostNotAllowed(Kind.NEEDS_USER),
  SecretNotFound(Kind.NEEDS_USER),
  SecretKeyNotFound(Kind.NEEDS_USER),
  /** The Secret exists but its owner has not labelled it for imports; it was not read. */
  SecretNotLabelled(Kind.NEEDS_USER),
  /**
   * Pinecone's import list is longer than the operator reads (pages or bytes) while it looks for a
   * start that may be in flight; nothing is started until a person looks.
   */
  ImportListTooLarge(Kind.NEEDS_USER),
  Unauthorized(Kind.NEEDS_USER),
  Forbidden(Kind.NEEDS_USER),
  ImportNotFound(Kind.NEEDS_USER),
  BadRequest(Kind.NEEDS_USER),
  UnexpectedRedirect(Kind.NEEDS_USER),
  /** Pinecone refused to start the import (4xx); retried only when the spec changes. */
  StartRefused(Kind.NEEDS_USER),
  /** Pinecone refused the DELETE of spec.cancel (4xx other than 429); the import still runs. */
  CancelFailed(Kind.NEEDS_USER),
  /**
   * Pinecone refuses the X-Pinecone-Api-Version sent: spec.pineconeApiVersion or, when the spec
   * pins none, the operator's PINECONE_API_VERSION must change.
   */
  ApiVersionUnsupported(Kind.NEEDS_USER),

  // Passing trouble: Reconciling=True, retried with backoff, no event.
  /** A start's answer was lost (timeout, dropped connection, 5xx): it may exist; list first. */
  StartUnconfirmed(Kind.TRANSIENT),
  RateLimited(Kind.TRANSIENT),
  PineconeUnavailable(Kind.TRANSIENT),
  PineconeTimeout(Kind.TRANSIENT),
  PineconeUnreachable(Kind.TRANSIENT),
  MalformedResponse(Kind.TRANSIENT),
  /** An unexpected exception in a reconcile (a Kubernetes API error, a bug); JOSDK retries. */
  ReconcileError(Kind.TRANSIENT),

  // Events only.
  /** A resource was deleted while its import may still run in Pinecone. */
  ImportNotCancelled(Kind.EVENT),
  /**
   * In place of ImportCompleted's event (a Warning, not Normal) when Pinecone's validation counted
   * records that failed: the import completed, and Ready says so, but some records were skipped.
   */
  ImportCompletedWithErrors(Kind.EVENT);

  /** What a reason is used for, which decides where it shows. */
  public enum Kind {
    STATE,
    STATE_AND_EVENT,
    NEEDS_USER,
    TRANSIENT,
    EVENT
  }

  private final Kind kind;

  Reason(Kind kind) {
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** Stalled until a person acts (a spec, Secret or Pinecone-side change). */
  public boolean needsUser() {
    return kind == Kind.NEEDS_USER;
  }

  /** Written as a condition reason. */
  public boolean inConditions() {
    return kind != Kind.EVENT;
  }

  /** The Secret or its key is gone (a deleted namespace deletes Secrets too). */
  public boolean secretGone() {
    return this == SecretNotFound || this == SecretKeyNotFound;
  }

  /** Raised as an event reason. */
  public boolean inEvents() {
    return kind == Kind.STATE_AND_EVENT || kind == Kind.NEEDS_USER || kind == Kind.EVENT;
  }

  /** The reason written as {@code spelling}, if it is one of ours. */
  public static Optional<Reason> parse(String spelling) {
    for (Reason r : values()) {
      if (r.name().equals(spelling)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
