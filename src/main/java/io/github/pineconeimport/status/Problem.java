package io.github.pineconeimport.status;

import java.time.Duration;
import java.util.Optional;

/**
 * Something that kept us from describing the import. {@link Reason#needsUser()} tells apart what
 * fixes itself (keep trying with backoff) from what waits on a person (Stalled, slow retry). The
 * message is written for that person and never holds the API key.
 */
public record Problem(Reason reason, String message, Duration retryAfter) implements Observation {

  /** Condition and event reasons, CamelCase as the Kubernetes conventions ask. */
  public enum Reason {
    InvalidSpec(true),
    HostNotAllowed(true),
    SecretNotFound(true),
    SecretKeyNotFound(true),
    /** The Secret exists but its owner has not labelled it for imports; it was not read. */
    SecretNotLabelled(true),
    /**
     * Pinecone's import list is longer than the operator reads (pages or bytes) while it looks for
     * a start that may be in flight; nothing is started until a person looks.
     */
    ImportListTooLarge(true),
    Unauthorized(true),
    Forbidden(true),
    ImportNotFound(true),
    BadRequest(true),
    UnexpectedRedirect(true),
    /** Pinecone refused to start the import (4xx); retried only when the spec changes. */
    StartRefused(true),
    /** A start's answer was lost (timeout, dropped connection, 5xx): it may exist; list first. */
    StartUnconfirmed(false),
    RateLimited(false),
    PineconeUnavailable(false),
    PineconeTimeout(false),
    PineconeUnreachable(false),
    MalformedResponse(false),
    /** An unexpected exception in a reconcile (a Kubernetes API error, a bug); JOSDK retries. */
    ReconcileError(false);

    private final boolean needsUser;

    Reason(boolean needsUser) {
      this.needsUser = needsUser;
    }

    public boolean needsUser() {
      return needsUser;
    }
  }

  public Problem(Reason reason, String message) {
    this(reason, message, null);
  }

  public boolean needsUser() {
    return reason.needsUser();
  }

  public Optional<Duration> retryAfterHint() {
    return Optional.ofNullable(retryAfter);
  }
}
