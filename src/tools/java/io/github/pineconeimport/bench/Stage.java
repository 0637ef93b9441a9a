package io.github.pineconeimport.bench;

import java.io.IOException;
import java.time.Clock;

/**
 * What every phase stands on: a namespace of a cluster, the fake index hosts and the workload with
 * its API-key Secret created. Closing it stops the fakes and deletes what was created.
 */
record Stage(BenchCluster kube, PineconeFleet pinecone, Workload workload)
    implements AutoCloseable {

  static Stage open(BenchOptions options, int size, Profile profile, Clock clock)
      throws IOException {
    var kube = BenchCluster.open(options);
    PineconeFleet pinecone = null;
    try {
      pinecone = new PineconeFleet(PineconeFleet.hostsFor(size, profile), Workload.API_KEY, clock);
      pinecone.recordRequests(false);
      var workload = new Workload(kube.namespace(), size, profile);
      workload.createSecret(kube.client());
      return new Stage(kube, pinecone, workload);
    } catch (IOException | RuntimeException e) {
      if (pinecone != null) {
        pinecone.close();
      }
      kube.close();
      throw e;
    }
  }

  @Override
  public void close() {
    pinecone.close();
    kube.close();
  }
}
