package io.github.pineconeimport.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportSpec;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a reconcile may do to its copy must not reach JOSDK's cache. */
class ShallowClonerTest {

  final List<Object> deepCopies = new ArrayList<>();
  final ShallowCloner cloner =
      new ShallowCloner(
          new io.javaoperatorsdk.operator.api.config.Cloner() {
            @Override
            @SuppressWarnings("unchecked")
            public <R extends io.fabric8.kubernetes.api.model.HasMetadata> R clone(R object) {
              deepCopies.add(object);
              return (R) new ConfigMapBuilder((ConfigMap) object).build();
            }
          });

  @Test
  void finalizersAndResourceVersionChangedOnTheCopyLeaveTheCachedResourceAlone() {
    var cached = new PineconeImport();
    cached.setMetadata(
        new ObjectMetaBuilder()
            .withName("a")
            .withNamespace("ml")
            .withResourceVersion("7")
            .addToFinalizers("pinecone.io/cancel-import")
            .build());
    cached.setSpec(new PineconeImportSpec());
    cached.setStatus(new PineconeImportStatus());

    PineconeImport copy = cloner.clone(cached);
    // what Fabric8's edit and JOSDK's status patch do to the object they are given
    copy.removeFinalizer("pinecone.io/cancel-import");
    copy.getMetadata().setResourceVersion(null);
    copy.setStatus(null);

    assertThat(cached.getMetadata().getFinalizers()).containsExactly("pinecone.io/cancel-import");
    assertThat(cached.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(cached.getStatus()).isNotNull();
    assertThat(copy.getSpec())
        .as("spec is never changed, so it is shared")
        .isSameAs(cached.getSpec());
    assertThat(deepCopies).isEmpty();
  }

  @Test
  void anyOtherKindIsCopiedDeep() {
    var map = new ConfigMapBuilder().withNewMetadata().withName("m").endMetadata().build();

    assertThat(cloner.clone(map)).isEqualTo(map).isNotSameAs(map);
    assertThat(deepCopies).containsExactly(map);
  }
}
