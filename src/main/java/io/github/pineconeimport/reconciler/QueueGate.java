package io.github.pineconeimport.reconciler;

import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.lifecycle.StartPlan;
import io.github.pineconeimport.lifecycle.StartQueue;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.pinecone.ImportListTooLargeException;
import io.github.pineconeimport.pinecone.IndexEndpoint;
import io.github.pineconeimport.pinecone.PineconeApiException;
import io.github.pineconeimport.pinecone.PineconeClient;
import io.github.pineconeimport.status.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O around {@link StartQueue}: which resources wait on a host (the cache), and how many
 * imports run on it: this cluster's own (an intent or an import not seen to end; the list may not
 * show them yet) plus those Pinecone lists as running that no resource here tracks (started
 * elsewhere; listed at most once per poll interval per host). Off when the cap is 0.
 */
public final class QueueGate {

  private static final Logger log = LoggerFactory.getLogger(QueueGate.class);

  private record Listed(Set<String> running, Instant at) {}

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
    String host = granted.endpoint().key();
    Instant now = clock.instant();
    int ours = 0;
    Set<String> trackedHere = new HashSet<>();
    List<StartQueue.Candidate> waiting = new ArrayList<>();
    for (PineconeImport other : (Iterable<PineconeImport>) context.imports()::iterator) {
      if (other.getStatus() != null && other.getStatus().getImportId() != null) {
        trackedHere.add(other.getStatus().getImportId());
      }
      if (other.getSpec() == null
          || !IndexEndpoint.keyOf(other.getSpec().getIndexHost())
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
    Set<String> elsewhere = new HashSet<>(listedRunning(host, granted, pollInterval, now));
    elsewhere.removeAll(trackedHere);
    int running = ours + elsewhere.size();
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
  private Set<String> listedRunning(
      String host, PineconeAccess.Granted granted, Duration pollInterval, Instant now) {
    Listed last = listed.get(host);
    if (last != null && now.isBefore(last.at().plus(pollInterval))) {
      return last.running();
    }
    try {
      Set<String> running =
          pinecone.listAll(granted.endpoint(), granted.key(), granted.apiVersion()).stream()
              .filter(i -> !BulkImport.isTerminal(i.status()) && i.id() != null)
              .map(BulkImport::id)
              .collect(Collectors.toSet());
      listed.put(host, new Listed(running, now));
      return running;
    } catch (PineconeApiException e) {
      log.info("Could not list the imports on {} for the start queue ({})", host, e.summary());
      return last == null ? Set.of() : last.running();
    } catch (ImportListTooLargeException e) {
      // the starts this cluster made are still counted; the queue cannot see the others
      log.warn("The import list of {} is too long for the start queue: {}", host, e.getMessage());
      return last == null ? Set.of() : last.running();
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
