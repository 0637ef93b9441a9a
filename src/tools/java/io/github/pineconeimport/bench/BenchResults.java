package io.github.pineconeimport.bench;

import java.util.List;

/** Everything one {@code bench} run measured, as written to results.json. */
public record BenchResults(Machine machine, Settings settings, List<Comparison> runs) {

  /** Where the figures came from. */
  public record Machine(
      int processors, long memoryBytes, long maxHeapBytes, String java, String os) {}

  /** The profile and poll interval every run used. */
  public record Settings(
      long pollMillis,
      int pendingPolls,
      int runningPolls,
      int progressSteps,
      int indexingPolls,
      int quietPolls,
      int failEvery,
      long idealRequestsPerImport,
      int visibleChangesPerImport,
      int transitionsPerImport) {}

  /** One N: the operator and, unless switched off, the naive baseline. */
  public record Comparison(int imports, PhaseResult operator, PhaseResult baseline) {}
}
