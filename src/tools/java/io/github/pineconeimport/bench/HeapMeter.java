package io.github.pineconeimport.bench;

import java.lang.management.ManagementFactory;

/** Heap still in use once the collector has had its say (a few forced collections). */
final class HeapMeter {

  private HeapMeter() {}

  static long usedAfterGc() {
    var memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
