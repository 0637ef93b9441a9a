package io.github.pineconeimport.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.config.Durations;
import io.github.pineconeimport.events.ImportEventRecorder;
import io.github.pineconeimport.lifecycle.Cleanup;
import io.github.pineconeimport.pinecone.PineconeApiException;
import io.github.pineconeimport.pinecone.PineconeClient;
import io.github.pineconeimport.status.Conditions;
import io.github.pineconeimport.status.Problem;
import io.github.pineconeimport.status.Problems;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The act step: carries out a {@link Decision} in order (the cancel, the status write and its
 * events, the finalizer, what to remember) and tells JOSDK when to come back.
 */
public final class DecisionActor {

  private static final Logger log = LoggerFactory.getLogger(DecisionActor.class);

  private final PineconeClient pinecone;
  private final StatusWrites writes;
  private final ImportEventRecorder events;
  private final ImportMemory memory;
  private final Decide decide;
  private final Clock clock;

  public DecisionActor(
      PineconeClient pinecone,
      StatusWrites writes,
      ImportEventRecorder events,
      ImportMemory memory,
      Decide decide,
      Clock clock) {
    this.decide = decide;
    this.pinecone = pinecone;
    this.writes = writes;
    this.events = events;
    this.memory = memory;
    this.clock = clock;
  }

  UpdateControl<PineconeImport> carryOut(
      PineconeImport resource, Seen seen, Decision decision, ImportContext context) {
    if (seen instanceof Seen.Polled polled) {
      return afterPoll(polled, decision, context);
    }
    if (seen instanceof Seen.Finished) {
      log.debug("Import already {}; nothing to do", resource.getStatus().getPhase());
    }
    if (decision.status() != null) {
      // a suspended resource says so, and nothing else
      PineconeImport read = resource;
      resource = writes.store(resource, decision.status(), context);
      decision.events().forEach(e -> events.record(read, e));
    }
    applyFinalizer(resource, decision.finalizer(), context);
    if (decision.nextPoll().isEmpty()) {
      memory.forget(resource.getMetadata().getUid());
    }
    return reschedule(decision);
  }

  private UpdateControl<PineconeImport> afterPoll(
      Seen.Polled seen, Decision decision, ImportContext context) {
    PineconeImport current = seen.resource();
    if (decision.cancel().isPresent()) {
      decision = cancel(seen, decision, current.getSpec().getIndexHost());
    }
    if (decision.status() != null) {
      PineconeImportStatus before = current.getStatus();
      PineconeImport read = current;
      current = writes.store(current, decision.status(), context);
      decision.events().forEach(e -> events.record(read, e));
      logChange(before, decision.status());
    }
    applyFinalizer(current, decision.finalizer(), context);
    String uid = current.getMetadata().getUid();
    if (decision.nextPoll().isEmpty()) {
      log.info("Import {}; polling stopped", phase(decision, current));
      memory.forget(uid);
    } else {
      memory.scheduled(
          uid,
          seen.inputs(),
          decision.failuresInARow(),
          clock.instant().plus(decision.nextPoll().get()));
      if (log.isDebugEnabled()) {
        log.debug("Next poll in {}", Durations.format(decision.nextPoll().get()));
      }
    }
    return reschedule(decision);
  }

  /** One DELETE for spec.cancel, by the ID the resource tracks. */
  private Decision cancel(Seen.Polled seen, Decision decision, String host) {
    String id = decision.cancel().get();
    var access = seen.access();
    try {
      pinecone.cancel(access.endpoint(), id, access.key(), access.apiVersion());
      log.info("Asked Pinecone to cancel import {} (spec.cancel)", id);
      return decision;
    } catch (PineconeApiException e) {
      log.warn("Cancel of import {} failed ({})", id, e.summary());
      var secret = seen.resource().getSpec().getApiKeySecretRef();
      Problem problem = Problems.fromApi(e, id, host, secret == null ? "" : secret.getName());
      return decide.cancelFailed(decision, seen, problem, clock.instant());
    }
  }

  private UpdateControl<PineconeImport> reschedule(Decision decision) {
    if (decision.nextPoll().isEmpty()) {
      return UpdateControl.noUpdate();
    }
    return UpdateControl.<PineconeImport>noUpdate().rescheduleAfter(decision.nextPoll().get());
  }

  /**
   * Metadata JSON patches (RBAC: patch on pineconeimports); gone already is fine, and so is a
   * resource that kept changing: the change that conflicted brings another reconcile, which decides
   * again on what it shows.
   */
  private static void applyFinalizer(
      PineconeImport resource, Decision.FinalizerChange change, ImportContext context) {
    try {
      switch (change) {
        case ADD -> Finalizers.add(context, resource, Cleanup.FINALIZER);
        case REMOVE -> {
          Finalizers.remove(context, resource, Cleanup.FINALIZER);
          log.debug("Finalizer removed: nothing left to cancel on delete");
        }
        case NONE -> {}
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404 && e.getCode() != 409) {
        throw e;
      }
      log.debug("Finalizer not changed (HTTP {}); the next reconcile decides again", e.getCode());
    }
  }

  private static String phase(Decision decision, PineconeImport current) {
    return decision.status() != null
        ? decision.status().getPhase()
        : current.getStatus() == null ? null : current.getStatus().getPhase();
  }

  private static void logChange(PineconeImportStatus previous, PineconeImportStatus next) {
    String before = ready(previous, Condition::getReason);
    String after = ready(next, Condition::getReason);
    if (!Objects.equals(before, after)) {
      log.info(
          "{} -> {}: {}",
          before == null ? "new" : before,
          after,
          ready(next, Condition::getMessage));
    } else {
      log.debug("Status updated: {}", ready(next, Condition::getMessage));
    }
  }

  private static String ready(PineconeImportStatus s, Function<Condition, String> field) {
    return s == null
        ? null
        : Conditions.find(s.getConditions(), Conditions.READY).map(field).orElse(null);
  }
}
