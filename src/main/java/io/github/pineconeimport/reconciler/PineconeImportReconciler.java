package io.github.pineconeimport.reconciler;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportSpec;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.config.Durations;
import io.github.pineconeimport.events.ImportEventRecorder;
import io.github.pineconeimport.lifecycle.CancelPlan;
import io.github.pineconeimport.lifecycle.StartPlan;
import io.github.pineconeimport.observability.OperatorMetrics;
import io.github.pineconeimport.pinecone.ApiKey;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.pinecone.HostBudget;
import io.github.pineconeimport.pinecone.HostPolicy;
import io.github.pineconeimport.pinecone.PineconeApiException;
import io.github.pineconeimport.pinecone.PineconeClient;
import io.github.pineconeimport.secrets.SecretEventSource;
import io.github.pineconeimport.status.ImportStatusMapper;
import io.github.pineconeimport.status.Observation;
import io.github.pineconeimport.status.PollSchedule;
import io.github.pineconeimport.status.Problem;
import io.github.pineconeimport.status.Problems;
import io.github.pineconeimport.status.ProgressEstimate;
import io.github.pineconeimport.status.Reason;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one PineconeImport: observe (Secret, host policy, Pinecone) → decide (pure mapper,
 * transitions, schedule) → act (status write only when it changed, events, reschedule).
 */
// All-events mode: JOSDK adds no finalizer of its own and hands us deletions, so a finalizer is
// on a resource only while deleting it has an import to cancel (see Finalizers).
@ControllerConfiguration(name = PineconeImportReconciler.NAME, triggerReconcilerOnAllEvents = true)
public class PineconeImportReconciler implements Reconciler<PineconeImport> {

  public static final String NAME = "pineconeimport";
  static final String SECRET_INDEX = "apiKeySecret";
  static final Duration MIN_POLL_INTERVAL = PineconeAccess.MIN_POLL_INTERVAL;

  private static final Logger log = LoggerFactory.getLogger(PineconeImportReconciler.class);

  private final PineconeClient pinecone;
  private final PollSchedule schedule;
  private final Clock clock;
  private final OperatorMetrics metrics;
  private final PollGate gate;
  private final PineconeAccess access;
  private final String secretLabelSelector;
  private final StatusWrites writes;
  private final ImportStarter starter;
  private final ImportDeletion deletion;
  private final HostBudget budget;

  /**
   * @param startPlan the start-exactly-once decision with its in-flight window and clock skew
   * @param deletionTimeout how long a deletion keeps trying to cancel through Pinecone trouble
   * @param secretLabelSelector empty, or only Secrets with these labels are watched and read
   * @param budget the request budget of each index host, shared by all its imports
   */
  public PineconeImportReconciler(
      PineconeClient pinecone,
      HostPolicy hosts,
      PollSchedule schedule,
      ImportEventRecorder events,
      OperatorMetrics metrics,
      Clock clock,
      StartPlan startPlan,
      Duration deletionTimeout,
      String secretLabelSelector,
      HostBudget budget) {
    this.pinecone = pinecone;
    this.schedule = schedule;
    this.clock = clock;
    this.metrics = metrics;
    this.gate = new PollGate(clock);
    this.access = new PineconeAccess(hosts, secretLabelSelector);
    this.secretLabelSelector = secretLabelSelector;
    this.writes = new StatusWrites(events, metrics);
    var finder = new ImportFinder(pinecone, startPlan);
    this.starter = new ImportStarter(pinecone, startPlan, writes, finder, clock);
    this.deletion =
        new ImportDeletion(pinecone, startPlan, schedule, finder, events, deletionTimeout, clock);
    this.budget = budget;
  }

  @Override
  public List<EventSource<?, PineconeImport>> prepareEventSources(
      EventSourceContext<PineconeImport> context) {
    // Secrets are not owned by imports: an index from Secret to the imports that name it lets a
    // created or rotated Secret wake exactly those imports, and tells which Secrets to keep.
    context
        .getPrimaryCache()
        .addIndexer(
            SECRET_INDEX,
            cr ->
                SecretEventSource.secretOf(cr)
                    .map(
                        name ->
                            List.of(SecretEventSource.key(cr.getMetadata().getNamespace(), name)))
                    .orElse(List.of()));
    var secrets =
        SecretEventSource.create(
            context,
            key ->
                context.getPrimaryCache().byIndex(SECRET_INDEX, key).stream()
                    .map(ResourceID::fromResource)
                    .collect(Collectors.toSet()),
            secretLabelSelector);
    return List.of(secrets, CatchUpAfterOutage.watching(context, secrets));
  }

  @Override
  public UpdateControl<PineconeImport> reconcile(
      PineconeImport resource, Context<PineconeImport> context) {
    try {
      return reconcileOnce(resource, context);
    } catch (RuntimeException e) {
      throw ReconcileFailure.scrubbed(e, () -> apiKey(resource, context));
    }
  }

  private UpdateControl<PineconeImport> reconcileOnce(
      PineconeImport resource, Context<PineconeImport> context) {
    String uid = resource.getMetadata().getUid();
    if (context.isPrimaryResourceDeleted()) {
      // all-events mode also reports the final delete; nothing is left to do but forget
      forget(uid);
      SecretEventSource.in(context).importDeleted();
      return UpdateControl.noUpdate();
    }
    if (resource.isMarkedForDeletion()) {
      return deletion.handle(
          resource, context, access.check(resource, context), () -> gate.failures(uid, true));
    }
    PineconeImportStatus previous = resource.getStatus();
    Long generation = resource.getMetadata().getGeneration();
    if (ImportStatusMapper.isFinishedFor(previous, generation)) {
      log.debug("Import already {}; nothing to do", previous.getPhase());
      forget(uid);
      Finalizers.match(resource, previous, context);
      return UpdateControl.noUpdate();
    }
    var inputs = new PollGate.Inputs(generation, secretVersion(resource, context));
    Optional<Duration> notYet = gate.remaining(uid, inputs, clock.instant());
    if (notYet.isPresent()) {
      if (log.isDebugEnabled()) {
        log.debug(
            "Woken early with nothing changed; next look in {}", Durations.format(notYet.get()));
      }
      return UpdateControl.<PineconeImport>noUpdate().rescheduleAfter(notYet.get());
    }

    PineconeAccess.Result granted = access.check(resource, context);
    String host = granted.granted() == null ? null : HostBudget.keyOf(granted.granted().endpoint());
    HostBudget.Admission admission = host == null ? null : budget.admit(host, uid);
    if (admission instanceof HostBudget.Admission.Wait w) {
      // the host's budget is spent for now: a slot is booked, and no thread waits for it
      return UpdateControl.<PineconeImport>noUpdate().rescheduleAfter(w.delay());
    }
    String importId = resource.trackedImportId();
    Observation observation;
    PineconeImport current = resource;
    try {
      if (importId == null && startsImport(resource)) {
        StartOutcome outcome = starter.advance(resource, context, granted);
        if (outcome instanceof StartOutcome.Waiting w) {
          return UpdateControl.<PineconeImport>noUpdate().rescheduleAfter(w.delay());
        }
        if (outcome instanceof StartOutcome.Idle) {
          forget(uid);
          return UpdateControl.noUpdate();
        }
        if (outcome instanceof StartOutcome.Blocked b) {
          current = b.resource();
          observation = b.problem();
        } else {
          var tracking = (StartOutcome.Tracking) outcome;
          current = tracking.resource();
          importId = tracking.importId();
          observation = observe(current, importId, granted.granted());
        }
      } else {
        observation =
            granted.problem() != null
                ? granted.problem()
                : observe(current, importId, granted.granted());
      }
    } finally {
      if (admission instanceof HostBudget.Admission.Go go) {
        go.permit().close();
      }
    }
    if (observation instanceof Problem p && p.reason() == Reason.RateLimited) {
      budget.throttled(host);
    }

    PineconeImportStatus before = current.getStatus();
    // import fields are carried over only while they describe the import tracked now
    PineconeImportStatus next =
        ImportStatusMapper.map(before, generation, importId, observation, clock.instant());
    next = ProgressEstimate.apply(before, next, clock.instant());
    if (observation instanceof Observation.Described d) {
      cancelIfAsked(current, d.bulkImport(), granted.granted(), next);
    }
    int failuresInARow = gate.failures(uid, observation instanceof Problem p && !p.needsUser());

    if (!next.equals(before)) {
      current = writes.write(current, next, context);
      logChange(before, next);
    }
    Finalizers.match(current, next, context);

    Optional<Duration> delay = schedule.next(observation, pollInterval(resource), failuresInARow);
    if (delay.isEmpty()) {
      log.info("Import {}; polling stopped", next.getPhase());
      forget(uid);
      return UpdateControl.noUpdate();
    }
    gate.scheduled(uid, inputs, clock.instant().plus(delay.get()));
    if (log.isDebugEnabled()) {
      log.debug("Next look in {}", Durations.format(delay.get()));
    }
    return UpdateControl.<PineconeImport>noUpdate().rescheduleAfter(delay.get());
  }

  private void forget(String uid) {
    gate.forget(uid);
    starter.forget(uid);
    budget.forget(uid);
  }

  private static boolean startsImport(PineconeImport resource) {
    return resource.getSpec() != null && resource.getSpec().startsImport();
  }

  /** The I/O edge: what Pinecone says about the import. */
  private Observation observe(
      PineconeImport resource, String importId, PineconeAccess.Granted granted) {
    PineconeImportSpec spec = resource.getSpec();
    try {
      return new Observation.Described(
          pinecone.describe(granted.endpoint(), importId, granted.key(), granted.apiVersion()));
    } catch (PineconeApiException e) {
      return Problems.fromApi(
          e, importId, spec.getIndexHost(), spec.getApiKeySecretRef().getName());
    }
  }

  /**
   * spec.cancel on a running import: one DELETE, recorded in status.cancelRequestedAt; another only
   * if it still runs {@link CancelPlan#RESEND_AFTER} later. A failed DELETE is not recorded, so the
   * next poll tries again.
   */
  private void cancelIfAsked(
      PineconeImport resource,
      BulkImport observed,
      PineconeAccess.Granted granted,
      PineconeImportStatus next) {
    PineconeImportStatus stored = resource.getStatus();
    Instant now = clock.instant();
    if (!CancelPlan.sendNow(
        resource.getSpec().cancelRequested(),
        observed.status(),
        stored == null ? null : stored.getCancelRequestedAt(),
        now)) {
      return;
    }
    try {
      pinecone.cancel(
          granted.endpoint(),
          observed.id() == null ? next.getImportId() : observed.id(),
          granted.key(),
          granted.apiVersion());
      next.setCancelRequestedAt(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
      log.info("Asked Pinecone to cancel import {} (spec.cancel)", next.getImportId());
    } catch (PineconeApiException e) {
      log.warn(
          "Cancel of import {} failed ({}); trying again at the next poll",
          next.getImportId(),
          e.summary());
    }
  }

  private static Duration pollInterval(PineconeImport resource) {
    return Optional.ofNullable(resource.getSpec())
        .flatMap(s -> Durations.parse(s.effectivePollInterval()))
        .filter(d -> d.compareTo(MIN_POLL_INTERVAL) >= 0)
        .orElse(Durations.parse(PineconeImportSpec.DEFAULT_POLL_INTERVAL).orElseThrow());
  }

  private static void logChange(PineconeImportStatus previous, PineconeImportStatus next) {
    String before = readyReason(previous);
    String after = readyReason(next);
    if (!Objects.equals(before, after)) {
      log.info("{} -> {}: {}", before == null ? "new" : before, after, readyMessage(next));
    } else {
      log.debug("Status updated: {}", readyMessage(next));
    }
  }

  private static String readyReason(PineconeImportStatus s) {
    return s == null
        ? null
        : io.github.pineconeimport.status.Conditions.find(
                s.getConditions(), io.github.pineconeimport.status.Conditions.READY)
            .map(io.fabric8.kubernetes.api.model.Condition::getReason)
            .orElse(null);
  }

  private static String readyMessage(PineconeImportStatus s) {
    return io.github.pineconeimport.status.Conditions.find(
            s.getConditions(), io.github.pineconeimport.status.Conditions.READY)
        .map(io.fabric8.kubernetes.api.model.Condition::getMessage)
        .orElse("");
  }

  /** The version of the Secret the import names, as the Secret event source last saw it. */
  private static String secretVersion(PineconeImport resource, Context<PineconeImport> context) {
    return SecretEventSource.secretOf(resource)
        .map(
            name ->
                SecretEventSource.in(context).version(resource.getMetadata().getNamespace(), name))
        .orElse("");
  }

  /** The key to scrub from error text; none when it cannot be read (then there is none to leak). */
  private Optional<ApiKey> apiKey(PineconeImport resource, Context<PineconeImport> context) {
    try {
      return Optional.ofNullable(access.check(resource, context).granted())
          .map(PineconeAccess.Granted::key);
    } catch (RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  /**
   * What reconcile threw shows in status (Reconciling=True, ReconcileError), not only in the log.
   * One write per distinct error: a retry that fails the same way finds it on record and writes
   * nothing, so a failing status write is not hammered; JOSDK's retry keeps its backoff.
   */
  @Override
  public ErrorStatusUpdateControl<PineconeImport> updateErrorStatus(
      PineconeImport resource, Context<PineconeImport> context, Exception e) {
    var failure = ReconcileFailure.scrubbed(e, () -> apiKey(resource, context));
    log.warn("Reconcile failed, will retry: {}", failure.getMessage());
    if (!failure.belongsInStatus()) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    PineconeImportStatus previous = resource.getStatus();
    PineconeImportStatus next =
        ImportStatusMapper.map(
            previous,
            resource.getMetadata().getGeneration(),
            resource.trackedImportId(),
            new Problem(
                Reason.ReconcileError,
                "Reconcile failed: " + failure.getMessage() + "; retrying with backoff"),
            clock.instant());
    if (next.equals(previous)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    // written here rather than by JOSDK: its status patch is a diff against the resource of the
    // event, which may predate what this reconcile wrote (a start intent), and would undo it
    try {
      writes.writeError(resource, next, context);
    } catch (KubernetesClientException conflictOrWorse) {
      log.debug(
          "Error status not written (HTTP {}); the retry reads the resource again",
          conflictOrWorse.getCode());
    }
    return ErrorStatusUpdateControl.noStatusUpdate();
  }
}
