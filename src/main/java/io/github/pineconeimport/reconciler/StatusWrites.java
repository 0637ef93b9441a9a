package io.github.pineconeimport.reconciler;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.events.ImportEventRecorder;
import io.github.pineconeimport.observability.OperatorMetrics;
import io.github.pineconeimport.status.Transition;
import java.util.List;
import java.util.Map;

/**
 * The two ways status is written, and the events that follow a stored transition.
 *
 * <ul>
 *   <li>{@link #write}: one JSON Patch, {@code add /status} (which replaces it) guarded by the
 *       resourceVersion read, for observations. Fabric8's {@code editStatus} would copy the whole
 *       resource through Jackson, serialize both copies and diff them: half the CPU of a reconcile
 *       that writes, in the profile. Sending the whole status is only right if it was built from
 *       the latest version, hence the guard: the API server answers 409 if anyone wrote since, and
 *       the reconcile runs again on what they wrote instead of overwriting it (a start intent or an
 *       import ID recorded meanwhile would otherwise be lost, and the import started twice);
 *   <li>{@link #writeIfUnchanged}: a PUT carrying the resourceVersion read, which the API server
 *       refuses (409) if anyone wrote the resource since. Only the start intent uses it: of two
 *       replicas (or a stale cache and the truth) exactly one records the intent, and only that one
 *       may POST.
 * </ul>
 *
 * Both put the answer in JOSDK's cache, so the next reconcile sees what was written.
 */
public final class StatusWrites {

  private final ImportEventRecorder events;
  private final OperatorMetrics metrics;

  public StatusWrites(ImportEventRecorder events, OperatorMetrics metrics) {
    this.events = events;
    this.metrics = metrics;
  }

  /**
   * Writes next if it differs from what the resource shows; events after it is stored. Throws
   * KubernetesClientException with code 409 if the resource changed since it was read.
   */
  PineconeImport write(PineconeImport resource, PineconeImportStatus next, ImportContext context) {
    PineconeImportStatus previous = resource.getStatus();
    if (next.equals(previous)) {
      return resource;
    }
    PineconeImport stored = patch(resource, next, context);
    raiseEvents(resource, previous, next);
    return stored;
  }

  /**
   * Like {@link #write}, raising no event: the caller raises those it decided on, or none (an error
   * shown in status, which the log has).
   */
  PineconeImport store(PineconeImport resource, PineconeImportStatus next, ImportContext context) {
    return patch(resource, next, context);
  }

  private PineconeImport patch(
      PineconeImport resource, PineconeImportStatus next, ImportContext context) {
    var client = context.client();
    var metadata = resource.getMetadata();
    String patch =
        guardedPatch(client.getKubernetesSerialization(), metadata.getResourceVersion(), next);
    // Fabric8 copies the object it patches through Jackson: give it one that holds nothing but
    // the name
    var target = new PineconeImport();
    target.setMetadata(
        new ObjectMetaBuilder()
            .withName(metadata.getName())
            .withNamespace(metadata.getNamespace())
            .build());
    PineconeImport stored =
        client.resource(target).subresource("status").patch(PatchContext.of(PatchType.JSON), patch);
    context.written(stored, resource);
    metrics.onStatusWrite();
    return stored;
  }

  /**
   * Writes next only if the resource is still at the version read; throws KubernetesClientException
   * with code 409 otherwise.
   */
  PineconeImport writeIfUnchanged(
      PineconeImport resource, PineconeImportStatus next, ImportContext context) {
    PineconeImportStatus previous = resource.getStatus();
    var desired = new PineconeImport();
    desired.setMetadata(resource.getMetadata());
    desired.setSpec(resource.getSpec());
    desired.setStatus(next);
    PineconeImport stored = context.client().resource(desired).updateStatus();
    context.written(stored, resource);
    metrics.onStatusWrite();
    raiseEvents(resource, previous, next);
    return stored;
  }

  /**
   * The JSON Patch that replaces status only if the resource is still at {@code resourceVersion}: a
   * patch that sets resourceVersion to another value than the stored one is the API server's
   * optimistic lock (409).
   */
  static String guardedPatch(
      KubernetesSerialization json, String resourceVersion, PineconeImportStatus next) {
    return json.asJson(
        List.of(
            Map.of("op", "replace", "path", "/metadata/resourceVersion", "value", resourceVersion),
            Map.of("op", "add", "path", "/status", "value", next)));
  }

  private void raiseEvents(
      PineconeImport resource, PineconeImportStatus previous, PineconeImportStatus next) {
    boolean cancelAsked = resource.getSpec() != null && resource.getSpec().cancelRequested();
    Transition.events(previous, next, cancelAsked).forEach(e -> events.record(resource, e));
  }
}
