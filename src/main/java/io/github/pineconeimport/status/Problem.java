package io.github.pineconeimport.status;

import java.time.Duration;
import java.util.Optional;

/**
 * Something that kept us from describing the import. {@link Reason#needsUser()} tells apart what
 * fixes itself (keep trying with backoff) from what waits on a person (Stalled, slow retry). The
 * message is written for that person and never holds the API key.
 */
public record Problem(Reason reason, String message, Duration retryAfter) implements Observation {

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
