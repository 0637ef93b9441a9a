package io.github.pineconeimport.reconciler;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps Pinecone requests to one per scheduled poll. JOSDK also reconciles on events that change
 * nothing we read (a Secret created a moment before its import, the periodic resync): when the
 * spec generation and the Secret's version are what they were at the last look and the next poll
 * is not due yet, the reconcile just waits for it.
 */
final class PollGate {

  /** What a look at Pinecone depends on. */
  record Inputs(Long generation, String secretVersion) {}

  private record Due(Inputs inputs, Instant at) {}

  private final Map<String, Due> due = new ConcurrentHashMap<>();

  /** The time left until the next look, if nothing it depends on has changed. */
  Optional<Duration> remaining(String uid, Inputs inputs, Instant now) {
    Due d = due.get(uid);
    if (d == null || !d.inputs().equals(inputs) || !now.isBefore(d.at())) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, d.at()));
  }

  void scheduled(String uid, Inputs inputs, Instant at) {
    due.put(uid, new Due(inputs, at));
  }

  void forget(String uid) {
    due.remove(uid);
  }
}
