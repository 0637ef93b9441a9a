package io.github.pineconeimport.reconciler;

import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.lifecycle.StartPlan;
import io.github.pineconeimport.lifecycle.StartQueue;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.pinecone.HostBudget;
import io.github.pineconeimport.pinecone.IndexEndpoint;
import io.github.pineconeimport.pinecone.PineconeApiException;
import io.github.pineconeimport.pinecone.PineconeClient;
import io.github.pineconeimport.status.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O around {@link StartQueue}: which resources wait on a host (the cache), how many imports
 * run on it (Pinecone's list, at most once per poll interval per host, and this cluster's own
 * starts, which the list may not show yet). Off when the cap is 0.
 */
public final class QueueGate {

  private static final Logger log = LoggerFactory.getLogger(QueueGate.class);

  private record Listed(int running, Instant at) {}

  private final int cap;
  private final PineconeClient pinecone;
  private final StartPlan plan;
  private final Clock clock;
  private final Map<String, Listed> listed = new ConcurrentHashMap<>();

  /**
   * @param cap MAX_RUNNING_IMPORTS_PER_INDEX; 0 for no limit
   */
  public QueueGate(int cap, PineconeClient pinecone, StartPlan plan, Clock clock) {
    this.cap = cap;
    this.pinecone = pinecone;
    this.plan = plan;
    this.clock = clock;
  }

  /** Whether this resource must wait before its start; empty: start now. */
  Optional<StartQueue.Wait> admit(
      PineconeImport resource,
      ImportContext context,
      PineconeAccess.Granted granted,
      Duration pollInterval) {
    if (cap <= 0) {
      return Optional.empty();
    }
    String host = HostBudget.keyOf(granted.endpoint());
    Instant now = clock.instant();
    int ours = 0;
    List<StartQueue.Candidate> waiting = new ArrayList<>();
    for (PineconeImport other : (Iterable<PineconeImport>) context.imports()::iterator) {
      if (other.getSpec() == null
          || !IndexEndpoint.parse(other.getSpec().getIndexHost())
              .map(HostBudget::keyOf)
              .filter(host::equals)
              .isPresent()) {
        continue;
      }
      if (startsOrRuns(other)) {
        ours++;
      } else if (wantsToStart(other, now) || other.getMetadata().getUid().equals(uid(resource))) {
        waiting.add(candidate(other));
      }
    }
    int running = Math.max(ours, listedRunning(host, granted, pollInterval, now));
    var admission = StartQueue.admit(cap, running, waiting, uid(resource));
    return admission instanceof StartQueue.Wait w ? Optional.of(w) : Optional.empty();
  }

  /** Started here and not seen to end: an intent or an import that is not finished. */
  private static boolean startsOrRuns(PineconeImport r) {
    var s = r.getStatus();
    return s != null
        && (s.getStart() != null || s.getImportId() != null)
        && !BulkImport.isTerminal(s.getPhase());
  }

  private boolean wantsToStart(PineconeImport r, Instant now) {
    var spec = r.getSpec();
    return spec.startsImport()
        && !spec.suspended()
        && plan.decide(spec, r.getStatus(), r.getMetadata().getGeneration(), now)
            instanceof StartPlan.WriteIntent;
  }

  /** Imports Pinecone lists as running on the host, listed at most once per poll interval. */
  private int listedRunning(
      String host, PineconeAccess.Granted granted, Duration pollInterval, Instant now) {
    Listed last = listed.get(host);
    if (last != null && now.isBefore(last.at().plus(pollInterval))) {
      return last.running();
    }
    try {
      int running =
          (int)
              pinecone.listAll(granted.endpoint(), granted.key(), granted.apiVersion()).stream()
                  .filter(i -> !BulkImport.isTerminal(i.status()))
                  .count();
      listed.put(host, new Listed(running, now));
      return running;
    } catch (PineconeApiException e) {
      log.info("Could not list the imports on {} for the start queue ({})", host, e.summary());
      return last == null ? 0 : last.running();
    }
  }

  private static StartQueue.Candidate candidate(PineconeImport r) {
    var meta = r.getMetadata();
    return new StartQueue.Candidate(
        meta.getUid(),
        Timestamps.parse(meta.getCreationTimestamp()).orElse(null),
        meta.getNamespace(),
        meta.getName());
  }

  private static String uid(PineconeImport r) {
    return r.getMetadata().getUid();
  }
}
