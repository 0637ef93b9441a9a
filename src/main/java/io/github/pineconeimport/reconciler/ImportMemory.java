package io.github.pineconeimport.reconciler;

import io.github.pineconeimport.api.v1alpha1.StartIntent;
import io.github.pineconeimport.pinecone.HostBudget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * All the operator keeps about one import between reconciles, keyed by UID, in memory only (a
 * restart just looks once more, resets backoff and lists to adopt):
 *
 * <ul>
 *   <li>when the next poll is due, so Pinecone gets one request per scheduled poll even though
 *       JOSDK also reconciles on events that change nothing we read (a Secret created a moment
 *       before its import, the periodic resync). A new spec generation or Secret version goes ahead
 *       at once;
 *   <li>how many transient failures came in a row, for the backoff;
 *   <li>an import ID this process started whose write to status failed: the next reconcile records
 *       it from here instead of waiting out the in-flight window and listing Pinecone. Only for the
 *       intent the POST answered;
 *   <li>the access (host, key, version) its last poll used, only while deleting it would have to
 *       cancel an import: when its namespace is deleted, the Secret may go before it, and the key
 *       is still needed for that one DELETE;
 *   <li>its slot in its host's request budget (kept by {@link HostBudget}, forgotten with the
 *       rest).
 * </ul>
 */
public final class ImportMemory {

  /** What a poll of Pinecone depends on. */
  public record Inputs(Long generation, String secretVersion) {}

  private record Started(StartIntent intent, String importId) {}

  private record Entry(
      Inputs inputs,
      Instant dueAt,
      int failures,
      Started unrecorded,
      PineconeAccess.Granted lastAccess) {
    static final Entry EMPTY = new Entry(null, null, 0, null, null);

    Entry with(Inputs inputs, Instant dueAt, int failures) {
      return new Entry(inputs, dueAt, failures, unrecorded, lastAccess);
    }

    Entry withUnrecorded(Started started) {
      return new Entry(inputs, dueAt, failures, started, lastAccess);
    }

    Entry withLastAccess(PineconeAccess.Granted granted) {
      return new Entry(inputs, dueAt, failures, unrecorded, granted);
    }
  }

  /** Entries this far past due belong to deleted resources (live ones are rescheduled). */
  static final Duration STALE = Duration.ofHours(1);

  private static final int PRUNE_EVERY = 1024;

  private final Clock clock;
  private final HostBudget budget;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong writes = new AtomicLong();

  public ImportMemory(Clock clock, HostBudget budget) {
    this.clock = clock;
    this.budget = budget;
  }

  /** The time left until the next poll, if nothing it depends on has changed. */
  Optional<Duration> remaining(String uid, Inputs inputs, Instant now) {
    Entry e = entries.get(uid);
    if (e == null || e.dueAt() == null || !inputs.equals(e.inputs()) || !now.isBefore(e.dueAt())) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, e.dueAt()));
  }

  /** Transient failures in a row before this poll. */
  int failures(String uid) {
    Entry e = entries.get(uid);
    return e == null ? 0 : e.failures();
  }

  /** Records one more transient failure; returns the count in a row, this one included. */
  int failed(String uid) {
    return update(uid, e -> e.with(e.inputs(), e.dueAt(), e.failures() + 1)).failures();
  }

  /** Records a poll's outcome and when the next one is due. */
  void scheduled(String uid, Inputs inputs, int failuresInARow, Instant at) {
    update(uid, e -> e.with(inputs, at, failuresInARow));
    if (writes.incrementAndGet() % PRUNE_EVERY == 0) {
      // now, not the due time: a long interval would otherwise call every other entry stale
      prune(clock.instant());
    }
  }

  /** An import started here for intent whose ID could not be written to status. */
  void unrecorded(String uid, StartIntent intent, String importId) {
    update(uid, e -> e.withUnrecorded(new Started(intent, importId)));
  }

  /** The ID started for this very intent, if its write failed; forgotten once handed out. */
  Optional<String> takeUnrecorded(String uid, StartIntent intent) {
    Entry e = entries.get(uid);
    if (e == null || e.unrecorded() == null) {
      return Optional.empty();
    }
    update(uid, x -> x.withUnrecorded(null));
    return e.unrecorded().intent().equals(intent)
        ? Optional.of(e.unrecorded().importId())
        : Optional.empty();
  }

  /** Keeps (or, with null, drops) the access a cancel on deletion would need. */
  void lastAccess(String uid, PineconeAccess.Granted granted) {
    Entry e = entries.get(uid);
    if (granted == null && (e == null || e.lastAccess() == null)) {
      return;
    }
    update(uid, x -> x.withLastAccess(granted));
  }

  Optional<PineconeAccess.Granted> lastAccess(String uid) {
    return Optional.ofNullable(entries.get(uid)).map(Entry::lastAccess);
  }

  /** Everything about this import, its host budget slot included. */
  void forget(String uid) {
    entries.remove(uid);
    budget.forget(uid);
  }

  void prune(Instant now) {
    Instant cutoff = now.minus(STALE);
    entries.values().removeIf(e -> e.dueAt() != null && e.dueAt().isBefore(cutoff));
  }

  int size() {
    return entries.size();
  }

  private Entry update(String uid, UnaryOperator<Entry> change) {
    return entries.compute(uid, (k, e) -> change.apply(e == null ? Entry.EMPTY : e));
  }
}
