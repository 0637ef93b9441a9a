package io.github.pineconeimport.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.javaoperatorsdk.operator.api.config.Cloner;

/**
 * JOSDK copies the resource before every reconcile, by default with a JSON round trip (the whole
 * object, managed fields included, written out by Jackson and read back): the largest single cost
 * of a poll in the profile. {@link PineconeImportReconciler} never changes the spec or status it is
 * handed (it builds a new status and sends it), so those are shared with JOSDK's cache. The
 * metadata is copied (a builder copy, no JSON): Fabric8's {@code edit} applies a finalizer change
 * to the very object it is given, and JOSDK clears and restores the resourceVersion of the copy it
 * patches status from; on a shared metadata either would reach the cache. Any other kind keeps the
 * deep copy.
 */
public final class ShallowCloner implements Cloner {

  private final Cloner deep;

  public ShallowCloner(Cloner deep) {
    this.deep = deep;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R extends HasMetadata> R clone(R object) {
    if (object instanceof PineconeImport cr) {
      var copy = new PineconeImport();
      copy.setMetadata(new ObjectMetaBuilder(cr.getMetadata()).build());
      copy.setSpec(cr.getSpec());
      copy.setStatus(cr.getStatus());
      return (R) copy;
    }
    return deep.clone(object);
  }
}
