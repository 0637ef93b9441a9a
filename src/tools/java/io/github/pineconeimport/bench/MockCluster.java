package io.github.pineconeimport.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.pineconeimport.fake.FakeKubernetes;
import io.github.pineconeimport.fake.KubeRequestTally;

/** A fresh Fabric8 mock API server (CRUD mode, our CRD registered) in this process. */
final class MockCluster implements BenchCluster {

  static final String NAMESPACE = "bench";

  private final FakeKubernetes kube = FakeKubernetes.start();

  @Override
  public String namespace() {
    return NAMESPACE;
  }

  @Override
  public KubernetesClient client() {
    return kube.client();
  }

  @Override
  public KubernetesClient newClient() {
    return kube.newClient();
  }

  @Override
  public KubeRequestTally tally() {
    return kube.tally();
  }

  @Override
  public void settle() {
    kube.settle();
  }

  @Override
  public void close() {
    kube.close();
  }
}
