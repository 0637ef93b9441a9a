package io.github.pineconeimport.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.javaoperatorsdk.operator.api.config.Cloner;

/**
 * JOSDK copies the resource before every reconcile, by default with a JSON round trip (the whole
 * object, managed fields included, written out by Jackson and read back): the largest single cost
 * of a look in the profile. {@link PineconeImportReconciler} never changes what it is handed, and
 * sends a status it built anew, so a new top-level object sharing metadata, spec and status is
 * copy enough: setting a field on it cannot reach JOSDK's cache. Where a copy must be changed
 * deeper (JOSDK's error-status patch edits metadata), the reconciler makes a deep copy itself.
 * Any other kind keeps the deep copy.
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
