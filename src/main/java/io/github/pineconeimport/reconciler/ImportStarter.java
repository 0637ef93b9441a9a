package io.github.pineconeimport.reconciler;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.pineconeimport.api.v1alpha1.DeletionPolicy;
import io.github.pineconeimport.api.v1alpha1.ImportSource;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportSpec;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.api.v1alpha1.StartIntent;
import io.github.pineconeimport.lifecycle.Cleanup;
import io.github.pineconeimport.lifecycle.Reruns;
import io.github.pineconeimport.lifecycle.StartPlan;
import io.github.pineconeimport.lifecycle.StartQueue;
import io.github.pineconeimport.lifecycle.StartStatus;
import io.github.pineconeimport.pinecone.PineconeApiException;
import io.github.pineconeimport.pinecone.PineconeClient;
import io.github.pineconeimport.pinecone.StartImportRequest;
import io.github.pineconeimport.status.Problem;
import io.github.pineconeimport.status.Problems;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O around {@link StartPlan}: records the intent with a conditional write, POSTs only when
 * this reconcile's own write won, records the ID at once, lists and adopts after a lost answer.
 * Every decision is StartPlan's; this class only carries them out.
 */
public final class ImportStarter {

  /** After losing the intent write to another writer: poll again once the cache caught up. */
  static final Duration AFTER_CONFLICT = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(ImportStarter.class);

  private final PineconeClient pinecone;
  private final StartPlan plan;
  private final StatusWrites writes;
  private final ImportFinder finder;
  private final ImportMemory memory;
  private final QueueGate queue;
  private final int queueCap;
  private final Clock clock;

  public ImportStarter(
      PineconeClient pinecone,
      StartPlan plan,
      StatusWrites writes,
      ImportFinder finder,
      ImportMemory memory,
      QueueGate queue,
      int queueCap,
      Clock clock) {
    this.queue = queue;
    this.queueCap = queueCap;
    this.pinecone = pinecone;
    this.plan = plan;
    this.writes = writes;
    this.finder = finder;
    this.memory = memory;
    this.clock = clock;
  }

  StartOutcome advance(
      PineconeImport resource, ImportContext context, PineconeAccess.Result access) {
    Long generation = resource.getMetadata().getGeneration();
    Instant now = clock.instant();
    String uid = resource.getMetadata().getUid();
    StartIntent shown = resource.getStatus() == null ? null : resource.getStatus().getStart();
    Optional<String> startedHere =
        shown == null ? Optional.empty() : memory.takeUnrecorded(uid, shown);
    if (startedHere.isPresent()) {
      return track(resource, context, startedHere.get(), shown);
    }
    StartPlan.Step step = plan.decide(resource.getSpec(), resource.getStatus(), generation, now);
    if (step instanceof StartPlan.ListAndAdopt list) {
      if (access.problem() != null) {
        return blocked(resource, access.problem(), true, context);
      }
      ImportFinder.Listed listed = finder.find(resource, context, access.granted(), list.intent());
      if (listed.problem() != null) {
        return blocked(resource, listed.problem(), true, context);
      }
      step = listed.step();
    }
    if (step instanceof StartPlan.Track t) {
      return track(resource, context, t.importId());
    }
    if (step instanceof StartPlan.CancelledBeforeStart) {
      return cancelledBeforeStart(resource, context);
    }
    if (step instanceof StartPlan.WaitUntil w) {
      return new StartOutcome.Waiting(Duration.between(now, w.at()));
    }
    if (step instanceof StartPlan.WriteIntent w) {
      if (access.granted() != null
          && StartStatus.versionRefusedFor(
              resource.getStatus(), generation, access.granted().apiVersion())) {
        return new StartOutcome.Idle(); // refused at this version: another one tries again
      }
      return access.problem() != null
          ? blocked(resource, access.problem(), false, context)
          : start(resource, context, access.granted(), w);
    }
    return new StartOutcome.Idle(); // Refused: the status says why; a spec change tries again
  }

  private StartOutcome start(
      PineconeImport resource,
      ImportContext context,
      PineconeAccess.Granted granted,
      StartPlan.WriteIntent step) {
    PineconeImportSpec spec = resource.getSpec();
    Long generation = resource.getMetadata().getGeneration();
    Instant now = clock.instant();
    int attempt = step.attempt();
    StartIntent intent = StartStatus.intent(spec.getSource().getUri(), attempt, now);
    // a re-run: the run that ended goes to history in the very write that records the intent
    PineconeImportStatus base =
        step.newRun() ? Reruns.newRun(resource.getStatus(), spec.getRerun()) : resource.getStatus();
    Duration poll = Decide.pollInterval(resource);
    Optional<StartQueue.Wait> wait = queue.admit(resource, context, granted, poll);
    if (wait.isPresent()) {
      // decided before any intent: exactly-once is untouched, and nothing is sent to Pinecone
      writes.write(
          resource, StartStatus.queued(base, wait.get(), queueCap, generation, now), context);
      return new StartOutcome.Waiting(poll);
    }
    PineconeImport stored;
    try {
      stored =
          writes.writeIfUnchanged(
              resource, StartStatus.starting(base, intent, generation, now), context);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        // someone wrote first (another replica, or our cache was behind): only they may POST
        log.info("Intent to start not recorded: the resource changed since it was read");
        return new StartOutcome.Waiting(AFTER_CONFLICT);
      }
      throw e;
    }
    if (spec.effectiveDeletionPolicy() == DeletionPolicy.Cancel) {
      try {
        stored = Finalizers.add(context, stored, Cleanup.FINALIZER);
      } catch (KubernetesClientException e) {
        // being deleted, most likely: no POST; the deletion path deals with the intent
        log.info("Finalizer not added (HTTP {}); not starting", e.getCode());
        return new StartOutcome.Waiting(AFTER_CONFLICT);
      }
      if (stored.isMarkedForDeletion()) {
        return new StartOutcome.Waiting(AFTER_CONFLICT);
      }
      // from here a deletion must cancel, even one that comes before the next poll and after
      // the Secret is gone (a namespace deletion)
      memory.lastAccess(stored.getMetadata().getUid(), granted);
    }
    if (!plan.mayPost(intent, clock.instant())) {
      // too late for this intent: a replica listing at the end of its window might not see the
      // import and start another; the list decides instead, once the window has passed
      log.info("Intent recorded too long ago for a safe POST; listing after the window instead");
      return new StartOutcome.Waiting(
          Duration.between(
              clock.instant(),
              Instant.parse(intent.getRequestedAt()).plus(plan.settings().inFlightWindow())));
    }
    try {
      String id =
          pinecone.start(
              granted.endpoint(), request(spec.getSource()), granted.key(), granted.apiVersion());
      log.info("Started import {} from {} (attempt {})", id, intent.getUri(), attempt);
      return track(stored, context, id, intent);
    } catch (PineconeApiException e) {
      String host = spec.getIndexHost();
      if (e.mayHaveCreated()) {
        writes.write(
            stored,
            StartStatus.unconfirmed(
                stored.getStatus(),
                Problems.startUnconfirmed(e, host),
                generation,
                clock.instant()),
            context);
        return new StartOutcome.Waiting(plan.settings().inFlightWindow());
      }
      if (e.tooManyRunning()) {
        writes.write(
            stored,
            StartStatus.queuedByPinecone(
                stored.getStatus(),
                e.pineconeMessage().orElse("HTTP " + e.statusCode()),
                generation,
                clock.instant()),
            context);
        log.info("Pinecone refused the start: too many imports run on {}; queued", host);
        return new StartOutcome.Waiting(Decide.pollInterval(resource));
      }
      Problem problem =
          e.isTransient()
              ? Problems.fromApi(e, null, host, spec.getApiKeySecretRef().getName())
              : Problems.startRefused(
                  e, host, spec.getApiKeySecretRef().getName(), granted.version());
      log.info("Start not accepted, nothing was created: {}", problem.message());
      return blocked(stored, problem, false, context);
    }
  }

  /** Records the ID right away, before anything else can go wrong. */
  private StartOutcome track(PineconeImport resource, ImportContext context, String importId) {
    PineconeImport stored =
        writes.write(
            resource,
            StartStatus.started(
                resource.getStatus(),
                importId,
                resource.getMetadata().getGeneration(),
                clock.instant()),
            context);
    return new StartOutcome.Tracking(stored, importId);
  }

  /** {@link #track} for an ID this process started for intent: kept if its write fails. */
  private StartOutcome track(
      PineconeImport resource, ImportContext context, String importId, StartIntent intent) {
    try {
      return track(resource, context, importId);
    } catch (KubernetesClientException e) {
      memory.unrecorded(resource.getMetadata().getUid(), intent, importId);
      throw e;
    }
  }

  private StartOutcome cancelledBeforeStart(PineconeImport resource, ImportContext context) {
    PineconeImport stored =
        writes.write(
            resource,
            StartStatus.cancelledBeforeStart(
                resource.getStatus(), resource.getMetadata().getGeneration(), clock.instant()),
            context);
    if (stored.hasFinalizer(Cleanup.FINALIZER)) {
      Finalizers.remove(context, stored, Cleanup.FINALIZER);
    }
    return new StartOutcome.Idle();
  }

  /**
   * @param mayBeInFlight keep the intent (a start may exist) rather than dropping it (nothing was
   *     created)
   */
  private StartOutcome blocked(
      PineconeImport resource, Problem problem, boolean mayBeInFlight, ImportContext context) {
    Long generation = resource.getMetadata().getGeneration();
    var next =
        mayBeInFlight
            ? StartStatus.unconfirmed(resource.getStatus(), problem, generation, clock.instant())
            : StartStatus.notStarted(resource.getStatus(), problem, generation, clock.instant());
    return new StartOutcome.Blocked(writes.write(resource, next, context), problem);
  }

  static StartImportRequest request(ImportSource source) {
    StartImportRequest.ErrorMode mode =
        source.getErrorMode() == null
            ? null
            : switch (source.getErrorMode()) {
              case Continue -> StartImportRequest.ErrorMode.CONTINUE;
              case Abort -> StartImportRequest.ErrorMode.ABORT;
            };
    return new StartImportRequest(source.getUri(), source.getIntegrationId(), mode);
  }
}
