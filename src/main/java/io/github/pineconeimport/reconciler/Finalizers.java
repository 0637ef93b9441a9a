package io.github.pineconeimport.reconciler;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.lifecycle.Cleanup;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps our finalizer on a resource exactly while {@link Cleanup#finalizerNeeded} says so. JOSDK
 * runs in all-events mode, so it adds none of its own: a mirror, a finished import or an Orphan
 * policy never blocks a deletion. Both changes are metadata JSON patches (RBAC: patch on
 * pineconeimports).
 */
final class Finalizers {

  private static final Logger log = LoggerFactory.getLogger(Finalizers.class);

  private Finalizers() {}

  static void match(
      PineconeImport resource, PineconeImportStatus status, Context<PineconeImport> context) {
    boolean needed = Cleanup.finalizerNeeded(resource.getSpec(), status);
    boolean present = resource.hasFinalizer(Cleanup.FINALIZER);
    if (needed == present || resource.isMarkedForDeletion()) {
      return;
    }
    try {
      if (needed) {
        PrimaryUpdateAndCacheUtils.addFinalizer(context.getClient(), resource, Cleanup.FINALIZER);
      } else {
        PrimaryUpdateAndCacheUtils.removeFinalizer(
            context.getClient(), resource, Cleanup.FINALIZER);
        log.debug("Finalizer removed: nothing left to cancel on delete");
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }
}
