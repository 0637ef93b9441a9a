package io.github.pineconeimport.reconciler;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.events.ImportEventRecorder;
import io.github.pineconeimport.observability.OperatorMetrics;
import io.github.pineconeimport.status.Transition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.Map;

/**
 * The two ways status is written, and the events that follow a stored transition.
 *
 * <ul>
 *   <li>{@link #write}: one JSON Patch operation, {@code add /status} (which replaces it), with no
 *       lock, for observations. Fabric8's {@code editStatus} would copy the whole resource through
 *       Jackson, serialize both copies and diff them: half the CPU of a reconcile that writes, in
 *       the profile. The status is ours alone and the new one is all of it, so sending it whole
 *       says the same for one serialization of the status;
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
    var client = context.getClient();
    String patch = client.getKubernetesSerialization().asJson(
        List.of(Map.of("op", "add", "path", "/status", "value", next)));
    // Fabric8 copies the object it patches through Jackson (by name only, it GETs it first):
    // give it one that holds nothing but the name
    var target = new PineconeImport();
    target.setMetadata(new ObjectMetaBuilder().withName(resource.getMetadata().getName())
        .withNamespace(resource.getMetadata().getNamespace()).build());
    PineconeImport stored = client.resource(target).subresource("status")
        .patch(PatchContext.of(PatchType.JSON), patch);
    cache(stored, resource, context);
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
    cache(stored, resource, context);
    metrics.onStatusWrite();
    raiseEvents(resource, previous, next);
    return stored;
  }

  /** So the next reconcile sees what was written, before the watch brings it. */
  private static void cache(PineconeImport stored, PineconeImport read,
      Context<PineconeImport> context) {
    context.eventSourceRetriever().getControllerEventSource()
        .handleRecentResourceUpdate(ResourceID.fromResource(stored), stored, read);
  }

  private void raiseEvents(PineconeImport resource, PineconeImportStatus previous,
      PineconeImportStatus next) {
    Transition.events(previous, next).forEach(e -> events.record(resource, e));
  }
}
