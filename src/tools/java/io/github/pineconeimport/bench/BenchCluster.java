package io.github.pineconeimport.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.pineconeimport.fake.KubeRequestTally;

/**
 * Where one phase's imports live: the in-process mock API server, or any cluster a kubeconfig
 * points at. Either way the phase gets a namespace of its own, clients whose requests are counted
 * the same way, and everything it created is gone after {@link #close()}.
 */
interface BenchCluster extends AutoCloseable {

  /** The namespace holding this phase's Secret and imports. */
  String namespace();

  /** The harness's client: creates the imports, watches them, lists the events. */
  KubernetesClient client();

  /** A client of its own for the poller under test; the poller closes it. */
  KubernetesClient newClient();

  /** Every request to the API server so far, the poller's and the harness's. */
  KubeRequestTally tally();

  /** Waits until {@link #tally()} has caught up with every request sent so far. */
  default void settle() {}

  /** Deletes what this phase created. */
  @Override
  void close();

  /** The mock unless the options name a kubeconfig. */
  static BenchCluster open(BenchOptions options) {
    return options.kubeconfig() == null
        ? new MockCluster()
        : KubeconfigCluster.open(options.kubeconfig(), options.context());
  }
}
