package io.github.pineconeimport.reconciler;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.pinecone.ApiKey;
import io.github.pineconeimport.secrets.SecretEventSource;
import io.github.pineconeimport.status.ImportStatusMapper;
import io.github.pineconeimport.status.Problem;
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
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one PineconeImport: observe (is a poll due, may Pinecone be called, start, describe),
 * decide (one pure function: status, events, cancel, finalizer, next poll), act. A resource being
 * deleted goes to {@link ImportDeletion} instead.
 */
// All-events mode: JOSDK adds no finalizer of its own and hands us deletions, so a finalizer is
// on a resource only while deleting it has an import to cancel (see Cleanup).
@ControllerConfiguration(name = PineconeImportReconciler.NAME, triggerReconcilerOnAllEvents = true)
public class PineconeImportReconciler implements Reconciler<PineconeImport> {

  public static final String NAME = "pineconeimport";
  static final String SECRET_INDEX = "apiKeySecret";

  private static final Logger log = LoggerFactory.getLogger(PineconeImportReconciler.class);

  /** Everything a reconcile uses, built by the operator's composition root. */
  public record Parts(
      ImportObserver observer,
      Decide decide,
      DecisionActor actor,
      ImportDeletion deletion,
      ImportMemory memory,
      PineconeAccess access,
      StatusWrites writes,
      Clock clock,
      String secretLabelSelector) {}

  private final Parts parts;

  public PineconeImportReconciler(Parts parts) {
    this.parts = parts;
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
            parts.secretLabelSelector());
    return List.of(secrets, CatchUpAfterOutage.watching(context, secrets));
  }

  @Override
  public UpdateControl<PineconeImport> reconcile(
      PineconeImport resource, Context<PineconeImport> context) {
    return reconcile(resource, ImportContext.of(context));
  }

  /** One reconcile: observe, decide, act. */
  public UpdateControl<PineconeImport> reconcile(PineconeImport resource, ImportContext context) {
    String uid = resource.getMetadata().getUid();
    try {
      if (context.primaryDeleted()) {
        // all-events mode also reports the final delete; nothing is left to do but forget
        parts.memory().forget(uid);
        context.secrets().importDeleted();
        return UpdateControl.noUpdate();
      }
      if (resource.isMarkedForDeletion()) {
        return parts.deletion().handle(resource, context);
      }
      Seen seen = parts.observer().observe(resource, context);
      Decision decision = parts.decide().next(seen, parts.clock().instant());
      return parts.actor().carryOut(resource, seen, decision, context);
    } catch (RuntimeException e) {
      throw ReconcileFailure.scrubbed(e, () -> apiKey(resource, context));
    }
  }

  /** The key to scrub from error text; none when it cannot be read (then there is none to leak). */
  private Optional<ApiKey> apiKey(PineconeImport resource, ImportContext context) {
    try {
      return Optional.ofNullable(parts.access().check(resource, context).granted())
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
      PineconeImport resource, Context<PineconeImport> josdk, Exception e) {
    var context = ImportContext.of(josdk);
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
            parts.clock().instant());
    if (next.equals(previous)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    // written here rather than by JOSDK: its status patch is a diff against the resource of the
    // event, which may predate what this reconcile wrote (a start intent), and would undo it
    try {
      parts.writes().store(resource, next, context);
    } catch (KubernetesClientException conflictOrWorse) {
      log.debug(
          "Error status not written (HTTP {}); the retry reads the resource again",
          conflictOrWorse.getCode());
    }
    return ErrorStatusUpdateControl.noStatusUpdate();
  }
}
