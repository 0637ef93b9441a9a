package io.github.pineconeimport.bench;

import java.util.Map;

/**
 * What one poller cost for one N. Per-import figures are means over the N imports; the {@code
 * imports...} counts say how many single imports broke the rule next to them.
 *
 * @param finished every import's resource showed its end before the phase timeout
 */
public record PhaseResult(
    String poller,
    int imports,
    boolean finished,
    int ended,
    double wallSeconds,
    Pinecone pinecone,
    Kubernetes kubernetes,
    Events events,
    Quiet quiet,
    StatusLagRecorder.Lag lag,
    Resources resources,
    long pollerErrors) {

  /** Requests the fake Pinecone served. */
  public record Pinecone(
      long requests,
      double perImport,
      double idealPerImport,
      long idealTotal,
      int importsOverIdeal,
      Map<String, Long> byVerbAndPath) {}

  /** Requests the mock Kubernetes API served; status writes are PATCH/PUT to .../status. */
  public record Kubernetes(
      long requests,
      double requestsPerSecond,
      long statusWrites,
      double statusWritesPerImport,
      double visibleChangesPerImport,
      long visibleChanges,
      int importsWithWritesNotEqualToChanges,
      Map<String, Long> byCall) {}

  /** Kubernetes Events about the imports (an Event's count included). */
  public record Events(
      long total,
      double perImport,
      double transitionsPerImport,
      int importsWithEventsNotEqualToTransitions) {}

  /** The stretch after every import had ended. */
  public record Quiet(double seconds, long pineconeRequests, long statusWrites) {}

  /**
   * @param heapRetainedBytes heap after a forced GC with the poller running and every import
   *     cached, minus the same once the poller is stopped
   * @param cpuSeconds the whole process during the phase (poller, fakes and harness)
   * @param cpuFakeSeconds of which the fakes' threads
   * @param jitSeconds time the JIT compiler spent during the phase (its threads count as the
   *     poller's, for whoever's code they compile)
   * @param looks Pinecone requests of the phase, so CPU per poll can be read
   */
  public record Resources(
      long heapRetainedBytes,
      double heapMiBPer1000,
      double cpuSeconds,
      double cpuFakeSeconds,
      double cpuPollerSecondsPer1000,
      double jitSeconds,
      long looks) {

    /** Poller + harness CPU as cores busy on average over {@code wallSeconds}. */
    public double cores(double wallSeconds) {
      return wallSeconds <= 0 ? 0 : (cpuSeconds - cpuFakeSeconds) / wallSeconds;
    }

    /** Poller + harness CPU per Pinecone request, milliseconds. */
    public double cpuMillisPerLook() {
      return looks == 0 ? 0 : (cpuSeconds - cpuFakeSeconds) * 1000 / looks;
    }
  }
}
