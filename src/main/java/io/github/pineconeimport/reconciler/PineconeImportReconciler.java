package io.github.pineconeimport.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportSpec;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.config.Durations;
import io.github.pineconeimport.events.ImportEventRecorder;
import io.github.pineconeimport.observability.OperatorMetrics;
import io.github.pineconeimport.pinecone.ApiKey;
import io.github.pineconeimport.pinecone.HostBudget;
import io.github.pineconeimport.pinecone.HostPolicy;
import io.github.pineconeimport.pinecone.IndexEndpoint;
import io.github.pineconeimport.pinecone.PineconeApiException;
import io.github.pineconeimport.pinecone.PineconeClient;
import io.github.pineconeimport.status.ImportStatusMapper;
import io.github.pineconeimport.status.Observation;
import io.github.pineconeimport.status.PollSchedule;
import io.github.pineconeimport.status.Problem;
import io.github.pineconeimport.status.Problems;
import io.github.pineconeimport.status.Transition;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one PineconeImport: observe (Secret, host policy, Pinecone) → decide (pure mapper,
 * transitions, schedule) → act (status write only when it changed, events, reschedule).
 */
@ControllerConfiguration(name = PineconeImportReconciler.NAME)
public class PineconeImportReconciler implements Reconciler<PineconeImport> {

  public static final String NAME = "pineconeimport";
  static final String SECRET_INDEX = "apiKeySecret";
  static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(PineconeImportReconciler.class);

  private final PineconeClient pinecone;
  private final HostPolicy hosts;
  private final PollSchedule schedule;
  private final ImportEventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private final PollGate gate;
  private final HostBudget budget;

  public PineconeImportReconciler(
      PineconeClient pinecone,
      HostPolicy hosts,
      PollSchedule schedule,
      ImportEventRecorder events,
      OperatorMetrics metrics,
      HostBudget budget,
      Clock clock) {
    this.pinecone = pinecone;
    this.hosts = hosts;
    this.schedule = schedule;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
    this.gate = new PollGate(clock);
    this.budget = budget;
  }

  @Override
  public List<EventSource<?, PineconeImport>> prepareEventSources(
      EventSourceContext<PineconeImport> context) {
    // Secrets are not owned by imports: an index from Secret to the imports that name it lets a
    // created or rotated Secret wake exactly those imports.
    context.getPrimaryCache().addIndexer(SECRET_INDEX, cr -> List.of(secretIndexKey(cr)));
    var config =
        InformerEventSourceConfiguration.from(Secret.class, PineconeImport.class)
            .withSecondaryToPrimaryMapper(
                secret ->
                    context.getPrimaryCache()
                        .byIndex(SECRET_INDEX, indexKey(secret.getMetadata().getNamespace(),
                            secret.getMetadata().getName()))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .withPrimaryToSecondaryMapper(
                (PineconeImport cr) -> {
                  var ref = cr.getSpec() == null ? null : cr.getSpec().getApiKeySecretRef();
                  return ref == null || ref.getName() == null
                      ? Set.of()
                      : Set.of(new ResourceID(ref.getName(), cr.getMetadata().getNamespace()));
                })
            .withNamespacesInheritedFromController()
            .build();
    return List.of(new InformerEventSource<>(config, context));
  }

  private static String secretIndexKey(PineconeImport cr) {
    var ref = cr.getSpec() == null ? null : cr.getSpec().getApiKeySecretRef();
    return indexKey(cr.getMetadata().getNamespace(), ref == null ? "" : ref.getName());
  }

  private static String indexKey(String namespace, String name) {
    return namespace + "/" + name;
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
    PineconeImportStatus previous = resource.getStatus();
    Long generation = resource.getMetadata().getGeneration();
    if (ImportStatusMapper.isFinishedFor(previous, generation)) {
      log.debug("Import already {}; nothing to do", previous.getPhase());
      forget(resource.getMetadata().getUid());
      return UpdateControl.noUpdate();
    }
    String uid = resource.getMetadata().getUid();
    var inputs = new PollGate.Inputs(generation, context.getSecondaryResource(Secret.class)
        .map(s -> s.getMetadata().getResourceVersion()).orElse(""));
    Optional<Duration> notYet = gate.remaining(uid, inputs, clock.instant());
    if (notYet.isPresent()) {
      if (log.isDebugEnabled()) {
        log.debug("Woken early with nothing changed; next look in {}",
            Durations.format(notYet.get()));
      }
      return UpdateControl.<PineconeImport>noUpdate().rescheduleAfter(notYet.get());
    }

    Optional<String> host = BudgetKey.of(resource);
    HostBudget.Admission admission = host.map(h -> budget.admit(h, uid)).orElse(null);
    if (admission instanceof HostBudget.Admission.Wait w) {
      // the host's budget is spent for now; a slot is booked, and no thread waits for it
      return UpdateControl.<PineconeImport>noUpdate().rescheduleAfter(w.delay());
    }
    Observation observation;
    try {
      observation = observe(resource, context);
    } finally {
      if (admission instanceof HostBudget.Admission.Go go) {
        go.permit().close();
      }
    }
    if (observation instanceof Problem p && p.reason() == Problem.Reason.RateLimited) {
      host.ifPresent(budget::throttled);
    }
    PineconeImportStatus next =
        ImportStatusMapper.map(previous, generation, importId(resource), observation,
            clock.instant());
    int failuresInARow =
        gate.failures(uid, observation instanceof Problem p && !p.needsUser());

    if (!next.equals(previous)) {
      StatusPatch.write(resource, next, context);
      metrics.onStatusWrite();
      logChange(previous, next);
      // events only after the status that records the transition is stored
      Transition.events(previous, next).forEach(e -> events.record(resource, e));
    }

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
    budget.forget(uid);
  }

  /** The I/O edge: everything this reconcile learns about the outside world. */
  private Observation observe(PineconeImport resource, Context<PineconeImport> context) {
    PineconeImportSpec spec = resource.getSpec();
    if (spec == null) {
      return new Problem(Problem.Reason.InvalidSpec, "spec is missing");
    }
    Optional<IndexEndpoint> requested = IndexEndpoint.parse(spec.getIndexHost());
    if (requested.isEmpty() || !requested.get().scheme().equals("https")) {
      return new Problem(Problem.Reason.InvalidSpec,
          "spec.indexHost '" + spec.getIndexHost() + "' is not a host name with an optional"
              + " port (and optional https://), e.g. products-abc123.svc.aped-4627-b74a.pinecone.io:"
              + " dot-separated labels of 1-63 letters, digits or inner hyphens, the last one"
              + " starting with a letter (or an IPv4 address), and a port of 1-65535");
    }
    if (spec.getImportId() == null || spec.getImportId().isEmpty()) {
      return new Problem(Problem.Reason.InvalidSpec, "spec.importId is required");
    }
    if (PineconeClient.isDotSegment(spec.getImportId())) {
      return new Problem(Problem.Reason.InvalidSpec, "spec.importId '" + spec.getImportId()
          + "' is a path step ('.' or '..'), not an import ID; use the ID that POST /bulk/imports"
          + " returned");
    }
    Optional<Duration> interval = Durations.parse(spec.effectivePollInterval());
    if (interval.isEmpty() || interval.get().compareTo(MIN_POLL_INTERVAL) < 0) {
      return new Problem(Problem.Reason.InvalidSpec,
          "spec.pollInterval '" + spec.getPollInterval() + "' must be a duration of at least 1s,"
              + " e.g. 30s or 2m");
    }
    boolean httpsWritten = IndexEndpoint.schemeWritten(spec.getIndexHost());
    Optional<IndexEndpoint> endpoint = hosts.resolve(requested.get(), httpsWritten);
    if (endpoint.isEmpty() && httpsWritten && hosts.resolve(requested.get()).isPresent()) {
      return new Problem(Problem.Reason.HostNotAllowed,
          "index host '" + spec.getIndexHost() + "' is written with https://, but the operator's"
              + " PINECONE_ALLOWED_HOSTS (" + hosts + ") allows it only over plain http; the"
              + " operator does not downgrade what you wrote: drop https:// to use http, or allow"
              + " the host over https; no request was sent");
    }
    if (endpoint.isEmpty()) {
      return new Problem(Problem.Reason.HostNotAllowed,
          "index host '" + spec.getIndexHost() + "' is not allowed by the operator's"
              + " PINECONE_ALLOWED_HOSTS (" + hosts + "); no request was sent");
    }
    var key = new ApiKeyResolver((ns, name) -> findSecret(context, ns, name)).resolve(resource);
    if (key.problem() != null) {
      return key.problem();
    }
    try {
      return new Observation.Described(
          pinecone.describe(endpoint.get(), spec.getImportId(), key.key(),
              spec.effectiveApiVersion()));
    } catch (PineconeApiException e) {
      return Problems.fromApi(e, spec.getImportId(), spec.getIndexHost(),
          spec.getApiKeySecretRef().getName());
    }
  }

  /**
   * The informer cache first; on a miss, one direct read, because GitOps tools apply a Secret and
   * its import together and the cache may lag by a moment: no false SecretNotFound warning.
   */
  private static Optional<Secret> findSecret(
      Context<PineconeImport> context, String namespace, String name) {
    Optional<Secret> cached = context.getSecondaryResource(Secret.class)
        .filter(s -> name.equals(s.getMetadata().getName()));
    if (cached.isPresent()) {
      return cached;
    }
    return Optional.ofNullable(
        context.getClient().secrets().inNamespace(namespace).withName(name).get());
  }

  private static String importId(PineconeImport resource) {
    return resource.getSpec() == null ? null : resource.getSpec().getImportId();
  }

  /** The key to scrub from error text; none when it cannot be read (then there is none to leak). */
  private static Optional<ApiKey> apiKey(PineconeImport resource, Context<PineconeImport> context) {
    try {
      return Optional.ofNullable(new ApiKeyResolver((ns, name) -> findSecret(context, ns, name))
          .resolve(resource).key());
    } catch (RuntimeException unreadable) {
      return Optional.empty();
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
    return s == null ? null : io.github.pineconeimport.status.Conditions
        .find(s.getConditions(), io.github.pineconeimport.status.Conditions.READY)
        .map(io.fabric8.kubernetes.api.model.Condition::getReason).orElse(null);
  }

  private static String readyMessage(PineconeImportStatus s) {
    return io.github.pineconeimport.status.Conditions
        .find(s.getConditions(), io.github.pineconeimport.status.Conditions.READY)
        .map(io.fabric8.kubernetes.api.model.Condition::getMessage).orElse("");
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
    PineconeImportStatus next = ImportStatusMapper.map(previous,
        resource.getMetadata().getGeneration(), importId(resource),
        new Problem(Problem.Reason.ReconcileError,
            "Reconcile failed: " + failure.getMessage() + "; retrying with backoff"),
        clock.instant());
    if (next.equals(previous)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    // a deep copy: JOSDK's status patch edits the metadata of what it is given, and the
    // resource here shares its metadata with the cache (ShallowCloner)
    PineconeImport copy = context.getClient().getKubernetesSerialization().clone(resource);
    copy.setStatus(next);
    metrics.onStatusWrite();
    return ErrorStatusUpdateControl.patchStatus(copy);
  }
}
