package io.github.pineconeimport.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operator's memory of each import between reconciles, kept in memory only (a restart just
 * polls once more and resets backoff):
 *
 * <ul>
 *   <li>when the next look is due, so Pinecone gets one request per scheduled poll even though
 *       JOSDK also reconciles on events that change nothing we read (a Secret created a moment
 *       before its import, the periodic resync). A new spec generation or Secret version goes ahead
 *       at once;
 *   <li>how many transient failures came in a row, for the backoff.
 * </ul>
 */
final class PollGate {

  /** What a look at Pinecone depends on. */
  record Inputs(Long generation, String secretVersion) {}

  private record Memory(Inputs inputs, Instant dueAt, int failures) {}

  /** Entries this far past due belong to deleted resources (live ones are rescheduled). */
  static final Duration STALE = Duration.ofHours(1);

  private static final int PRUNE_EVERY = 1024;

  private final Clock clock;
  private final Map<String, Memory> memory = new ConcurrentHashMap<>();
  private final AtomicLong writes = new AtomicLong();

  PollGate(Clock clock) {
    this.clock = clock;
  }

  /** The time left until the next look, if nothing it depends on has changed. */
  Optional<Duration> remaining(String uid, Inputs inputs, Instant now) {
    Memory m = memory.get(uid);
    if (m == null || m.dueAt() == null || !m.inputs().equals(inputs) || !now.isBefore(m.dueAt())) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, m.dueAt()));
  }

  /** Records one look's outcome; returns the transient failures in a row, this one included. */
  int failures(String uid, boolean transientFailure) {
    if (!transientFailure) {
      Memory m = memory.get(uid);
      if (m != null && m.failures() > 0) {
        memory.put(uid, new Memory(m.inputs(), m.dueAt(), 0));
      }
      return 0;
    }
    return memory
        .compute(
            uid,
            (k, m) ->
                m == null
                    ? new Memory(null, null, 1)
                    : new Memory(m.inputs(), m.dueAt(), m.failures() + 1))
        .failures();
  }

  void scheduled(String uid, Inputs inputs, Instant at) {
    memory.compute(uid, (k, m) -> new Memory(inputs, at, m == null ? 0 : m.failures()));
    if (writes.incrementAndGet() % PRUNE_EVERY == 0) {
      // now, not the due time: a long interval would otherwise call every other entry stale
      prune(clock.instant());
    }
  }

  void forget(String uid) {
    memory.remove(uid);
  }

  void prune(Instant now) {
    Instant cutoff = now.minus(STALE);
    memory.values().removeIf(m -> m.dueAt() != null && m.dueAt().isBefore(cutoff));
  }

  int size() {
    return memory.size();
  }
}
