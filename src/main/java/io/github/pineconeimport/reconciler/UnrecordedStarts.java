package io.github.pineconeimport.reconciler;

import io.github.pineconeimport.api.v1alpha1.StartIntent;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * IDs of imports this process started whose write to status failed (a 409 because someone else
 * wrote the resource meanwhile, or the API server in trouble). The next reconcile records the ID
 * from here instead of waiting out the in-flight window and listing Pinecone to adopt it. Only for
 * the intent the POST answered: a resource whose intent changed since (new attempt, new uri) or
 * that no longer shows one gets nothing. Lost on restart, where list-and-adopt takes over.
 */
final class UnrecordedStarts {

  private record Started(StartIntent intent, String importId) {}

  private final Map<String, Started> byUid = new ConcurrentHashMap<>();

  void remember(String uid, StartIntent intent, String importId) {
    byUid.put(uid, new Started(intent, importId));
  }

  /** The ID started for this very intent, if its write failed; forgotten once handed out. */
  Optional<String> take(String uid, StartIntent intent) {
    Started started = byUid.remove(uid);
    return started != null && started.intent().equals(intent)
        ? Optional.of(started.importId())
        : Optional.empty();
  }

  void forget(String uid) {
    byUid.remove(uid);
  }
}
