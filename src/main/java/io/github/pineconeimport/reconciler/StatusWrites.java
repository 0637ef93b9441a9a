package io.github.pineconeimport.reconciler;

import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.events.ImportEventRecorder;
import io.github.pineconeimport.observability.OperatorMetrics;
import io.github.pineconeimport.status.Transition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * The two ways status is written, and the events that follow a stored transition.
 *
 * <ul>
 *   <li>{@link #write}: JSON Patch of the changed fields (no lock), for observations;
 *   <li>{@link #writeIfUnchanged}: a PUT carrying the resourceVersion read, which the API server
 *       refuses (409) if anyone wrote the resource since. Only the start intent uses it: of two
 *       replicas (or a stale cache and the truth) exactly one records the intent, and only that
 *       one may POST.
 * </ul>
 * Both put the answer in JOSDK's cache, so the next reconcile sees what was written.
 */
final class StatusWrites {

  private final ImportEventRecorder events;
  private final OperatorMetrics metrics;

  StatusWrites(ImportEventRecorder events, OperatorMetrics metrics) {
    this.events = events;
    this.metrics = metrics;
  }

  /** Writes next if it differs from what the resource shows; events after it is stored. */
  PineconeImport write(PineconeImport resource, PineconeImportStatus next,
      Context<PineconeImport> context) {
    PineconeImportStatus previous = resource.getStatus();
    if (next.equals(previous)) {
      return resource;
    }
    PineconeImport stored = PrimaryUpdateAndCacheUtils.patchStatusAndCacheResource(
        resource, context, r -> {
          r.setStatus(next);
          return r;
        });
    metrics.onStatusWrite();
    raiseEvents(resource, previous, next);
    return stored;
  }

  /**
   * Writes next only if the resource is still at the version read; throws
   * KubernetesClientException with code 409 otherwise.
   */
  PineconeImport writeIfUnchanged(PineconeImport resource, PineconeImportStatus next,
      Context<PineconeImport> context) {
    PineconeImportStatus previous = resource.getStatus();
    var desired = new PineconeImport();
    desired.setMetadata(resource.getMetadata());
    desired.setSpec(resource.getSpec());
    desired.setStatus(next);
    PineconeImport stored = context.getClient().resource(desired).updateStatus();
    context.eventSourceRetriever().getControllerEventSource()
        .handleRecentResourceUpdate(ResourceID.fromResource(stored), stored, resource);
    metrics.onStatusWrite();
    raiseEvents(resource, previous, next);
    return stored;
  }

  private void raiseEvents(PineconeImport resource, PineconeImportStatus previous,
      PineconeImportStatus next) {
    Transition.events(previous, next).forEach(e -> events.record(resource, e));
  }
}
