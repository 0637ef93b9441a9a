package io.github.pineconeimport.reconciler;

import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportSpec;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.lifecycle.Cleanup;
import io.github.pineconeimport.lifecycle.Reruns;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.pinecone.HostBudget;
import io.github.pineconeimport.pinecone.PineconeApiException;
import io.github.pineconeimport.pinecone.PineconeClient;
import io.github.pineconeimport.secrets.SecretEventSource;
import io.github.pineconeimport.status.ImportStatusMapper;
import io.github.pineconeimport.status.Observation;
import io.github.pineconeimport.status.Problem;
import io.github.pineconeimport.status.Problems;
import io.github.pineconeimport.status.Reason;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The observe step: whether a poll is due (memory, host budget), whether Pinecone may be called
 * (access), the start when the resource has none yet, and what Pinecone says about the import.
 * Decides nothing about status: {@link Decide} does, from what this returns.
 */
public final class ImportObserver {

  private final PineconeClient pinecone;
  private final PineconeAccess access;
  private final ImportStarter starter;
  private final ImportMemory memory;
  private final HostBudget budget;
  private final Clock clock;

  public ImportObserver(
      PineconeClient pinecone,
      PineconeAccess access,
      ImportStarter starter,
      ImportMemory memory,
      HostBudget budget,
      Clock clock) {
    this.pinecone = pinecone;
    this.access = access;
    this.starter = starter;
    this.memory = memory;
    this.budget = budget;
    this.clock = clock;
  }

  Seen observe(PineconeImport resource, ImportContext context) {
    Long generation = resource.getMetadata().getGeneration();
    boolean newRun = Reruns.due(resource.getSpec(), resource.getStatus());
    if (!newRun && ImportStatusMapper.isFinishedFor(resource.getStatus(), generation)) {
      return new Seen.Finished(resource);
    }
    if (resource.getSpec() != null && resource.getSpec().suspended()) {
      return new Seen.Suspended(resource);
    }
    String uid = resource.getMetadata().getUid();
    var inputs = new ImportMemory.Inputs(generation, secretVersion(resource, context));
    Optional<BulkImport> ended = newRun ? Optional.empty() : endedEarlier(resource);
    if (ended.isPresent()) {
      // a spec edit after the end: an ended import never changes, and Pinecone may no longer
      // know it (its list keeps recent imports only), so the end seen before is the answer
      return new Seen.Polled(
          resource, ended.get().id(), new Observation.Described(ended.get()), null, inputs, 0);
    }
    Optional<Duration> notYet = memory.remaining(uid, inputs, clock.instant());
    if (notYet.isPresent()) {
      return new Seen.NotYet(notYet.get()); // woken early with nothing changed
    }
    PineconeAccess.Result granted = access.check(resource, context);
    // the key a cancel on deletion needs, kept while one may be needed (the Secret may go first)
    memory.lastAccess(
        uid,
        Cleanup.finalizerNeeded(resource.getSpec(), resource.getStatus())
            ? granted.granted()
            : null);
    String host = granted.granted() == null ? null : granted.granted().endpoint().key();
    HostBudget.Admission admission = host == null ? null : budget.admit(host, uid);
    if (admission instanceof HostBudget.Admission.Wait w) {
      // the host's budget is spent for now: a slot is booked, and no thread waits for it
      return new Seen.NotYet(w.delay());
    }
    try {
      Seen seen = poll(resource, context, granted, inputs);
      if (seen instanceof Seen.Polled l
          && l.observation() instanceof Problem p
          && p.reason() == Reason.RateLimited) {
        budget.throttled(host);
      }
      return seen;
    } finally {
      if (admission instanceof HostBudget.Admission.Go go) {
        go.permit().close();
      }
    }
  }

  private Seen poll(
      PineconeImport resource,
      ImportContext context,
      PineconeAccess.Result granted,
      ImportMemory.Inputs inputs) {
    int failures = memory.failures(resource.getMetadata().getUid());
    String importId = resource.trackedImportId();
    boolean starts =
        startsImport(resource)
            && (importId == null || Reruns.due(resource.getSpec(), resource.getStatus()));
    if (!starts) {
      Observation observation =
          granted.problem() != null
              ? granted.problem()
              : describe(resource, importId, granted.granted());
      return new Seen.Polled(resource, importId, observation, granted.granted(), inputs, failures);
    }
    StartOutcome outcome = starter.advance(resource, context, granted);
    if (outcome instanceof StartOutcome.Waiting w) {
      return new Seen.NotYet(w.delay());
    }
    if (outcome instanceof StartOutcome.Blocked b) {
      return new Seen.Polled(b.resource(), null, b.problem(), granted.granted(), inputs, failures);
    }
    if (outcome instanceof StartOutcome.Tracking t) {
      // an ID kept in memory is recorded even while access is denied; then there is no poll
      Observation observation =
          granted.problem() != null
              ? granted.problem()
              : describe(t.resource(), t.importId(), granted.granted());
      return new Seen.Polled(
          t.resource(), t.importId(), observation, granted.granted(), inputs, failures);
    }
    return new Seen.Idle();
  }

  /**
   * The import this resource tracks, as its status last saw it end, when it did: a terminal phase
   * recorded for the very import the spec names now.
   */
  static Optional<BulkImport> endedEarlier(PineconeImport resource) {
    PineconeImportStatus s = resource.getStatus();
    String id = resource.trackedImportId();
    if (s == null
        || id == null
        || !id.equals(s.getImportId())
        || !BulkImport.isTerminal(s.getPhase())) {
      return Optional.empty();
    }
    return Optional.of(
        new BulkImport(
            id,
            s.getUri(),
            s.getPhase(),
            s.getCreatedAt(),
            s.getFinishedAt(),
            s.getPercentComplete(),
            s.getRecordsImported(),
            s.getError()));
  }

  private static boolean startsImport(PineconeImport resource) {
    return resource.getSpec() != null && resource.getSpec().startsImport();
  }

  /** The I/O edge: what Pinecone says about the import. */
  private Observation describe(
      PineconeImport resource, String importId, PineconeAccess.Granted granted) {
    PineconeImportSpec spec = resource.getSpec();
    try {
      return new Observation.Described(
          pinecone.describe(granted.endpoint(), importId, granted.key(), granted.apiVersion()));
    } catch (PineconeApiException e) {
      return Problems.fromApi(
          e, importId, spec.getIndexHost(), spec.getApiKeySecretRef().getName(), granted.version());
    }
  }

  /** The version of the Secret the import names, as the Secret watch last saw it. */
  private static String secretVersion(PineconeImport resource, ImportContext context) {
    return SecretEventSource.secretOf(resource)
        .map(name -> context.secrets().version(resource.getMetadata().getNamespace(), name))
        .orElse("");
  }
}
