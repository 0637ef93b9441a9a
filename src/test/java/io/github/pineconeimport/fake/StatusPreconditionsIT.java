package io.github.pineconeimport.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportStatus;
import io.github.pineconeimport.testing.RealKube;
import io.github.pineconeimport.testing.TestResources;
import org.junit.jupiter.api.Test;

/**
 * The start intent is written with a status PUT that carries the resourceVersion read. A real API
 * server refuses a stale one with 409; the embedded fake must answer the same, or the exactly-once
 * tests that run on it would prove nothing.
 */
class StatusPreconditionsIT {

  /** Two writers read the same version; the second PUT of status must get 409. */
  static void secondStaleWriterLoses(KubernetesClient client, String namespace) {
    var cr = TestResources.startingImport("race", "x.svc.pinecone.io", "s3://b/p/");
    cr.getMetadata().setNamespace(namespace);
    client.resource(cr).create();
    var ops = client.resources(PineconeImport.class).inNamespace(namespace).withName("race");
    PineconeImport first = ops.get();
    PineconeImport second = ops.get();
    first.setStatus(new PineconeImportStatus());
    first.getStatus().setImportId("A");
    second.setStatus(new PineconeImportStatus());
    second.getStatus().setImportId("B");

    client.resource(first).updateStatus();
    assertThatThrownBy(() -> client.resource(second).updateStatus())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(ops.get().getStatus().getImportId()).isEqualTo("A");
  }

  @Test
  void theRealApiServerRefusesAStaleStatusPut() {
    RealKube kube = RealKube.get();
    secondStaleWriterLoses(kube.client(), kube.newNamespace("precondition"));
  }

  @Test
  void theFakeAnswersTheSame() {
    try (var kube = FakeKubernetes.start()) {
      secondStaleWriterLoses(kube.client(), TestResources.NAMESPACE);
    }
  }
}
