package io.github.pineconeimport.bench;

import java.time.Clock;
import java.time.Duration;

/**
 * The restart figure: N running imports, the operator stopped once every import has had a poll,
 * then a new operator started on the same resources. How long until it has looked at every import
 * again (start-up to a first poll at everything), how hard it hit the busiest index host meanwhile,
 * and the heap it holds with every resource cached.
 */
final class RestartPhase {

  /**
   * @param firstStartSeconds from the first operator's start to a poll at every import, creation of
   *     the resources included
   * @param restartSeconds from the second operator's start to a poll at every import
   * @param busiestHostRequestsInOneSecond the most requests one host served within one second, from
   *     the restart until every import had its poll
   * @param heapRetainedBytes heap after a forced GC with the second operator running and every
   *     import cached, minus the same just before it started
   */
  record Result(
      int imports,
      int hosts,
      boolean finished,
      double firstStartSeconds,
      double restartSeconds,
      long busiestHostRequestsInOneSecond,
      long requestsToFirstLooks,
      long heapRetainedBytes) {}

  private final int size;
  private final BenchOptions options;

  RestartPhase(int size, BenchOptions options) {
    this.size = size;
    this.options = options;
  }

  /** Imports that stay Pending for a thousand polls: all of them run through the restart. */
  static Profile running(Duration poll) {
    return new Profile(poll, 1000, 10, 5, 12, 3, 10);
  }

  Result run() throws Exception {
    Clock clock = Clock.systemUTC();
    Profile profile = running(options.profile().poll());
    try (var stage = Stage.open(options, size, profile, clock)) {
      var kube = stage.kube();
      var pinecone = stage.pinecone();
      var workload = stage.workload();
      long[] seen = new long[size];

      long start = System.nanoTime();
      Phase.Poller first = Phase.operator(kube, pinecone, profile);
      workload.createImports(
          kube.client(), pinecone, clock, options.creators(), (name, id, url) -> {});
      boolean finished = awaitLooks(pinecone, seen);
      double firstStart = (System.nanoTime() - start) / 1e9;
      first.close();

      snapshot(pinecone, seen);
      long heapWithout = HeapMeter.usedAfterGc();
      long requestsBefore = pinecone.requestCount();
      int mark = pinecone.mark();
      long restart = System.nanoTime();
      Phase.Poller second = Phase.operator(kube, pinecone, profile);
      finished &= awaitLooks(pinecone, seen);
      double restartSeconds = (System.nanoTime() - restart) / 1e9;
      long requests = pinecone.requestCount() - requestsBefore;
      // one more second of samples, so the window ends after the last first poll
      Thread.sleep(1100);
      long busiest = pinecone.busiestSecond(mark);
      long heapWith = HeapMeter.usedAfterGc();
      second.close();
      return new Result(
          size,
          pinecone.size(),
          finished,
          firstStart,
          restartSeconds,
          busiest,
          requests,
          heapWith - heapWithout);
    }
  }

  private void snapshot(PineconeFleet pinecone, long[] seen) {
    for (int i = 0; i < size; i++) {
      seen[i] = pinecone.requestCount(i, Workload.importId(i));
    }
  }

  /** Waits until every import has been asked about more often than {@code seen} says. */
  private boolean awaitLooks(PineconeFleet pinecone, long[] seen) throws InterruptedException {
    long deadline = System.nanoTime() + options.phaseTimeout().toNanos();
    int next = 0;
    while (next < size) {
      if (pinecone.requestCount(next, Workload.importId(next)) > seen[next]) {
        next++;
        continue;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }
}
