package io.github.pineconeimport.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of one phase: the whole process, and the part spent in the fakes' threads (the mock API
 * server's Vert.x loop, its request counter, the fake Pinecone and its JDK HttpServer's
 * dispatcher), so that what is left is the poller under test plus the small harness. Thread times
 * are sampled while the phase runs because a thread's time is lost once it ends.
 */
final class CpuMeter implements AutoCloseable {

  /** CPU seconds of one phase. */
  record Cpu(double processSeconds, double fakeSeconds, double jitSeconds) {
    double pollerSeconds() {
      return Math.max(0, processSeconds - fakeSeconds);
    }
  }

  private static final List<String> FAKE_THREADS =
      List.of("vert.x-", "fake-pinecone", "fake-kubernetes", "HTTP-Dispatcher");

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final long processStart;
  private final java.lang.management.CompilationMXBean jit =
      ManagementFactory.getCompilationMXBean();
  private final long jitStart;
  private final Map<Long, Long> startTimes = new HashMap<>();
  private final Map<Long, Long> lastTimes = new HashMap<>();
  private final Map<Long, Boolean> fake = new HashMap<>();
  private final Thread sampler;
  private volatile boolean running = true;

  CpuMeter() {
    processStart = os.getProcessCpuTime();
    jitStart = jitMillis();
    sample(true);
    sampler = new Thread(this::loop, "bench-cpu-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private void loop() {
    while (running) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
      sample(false);
    }
  }

  private synchronized void sample(boolean first) {
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long cpu = threads.getThreadCpuTime(info.getThreadId());
      if (cpu < 0) {
        continue;
      }
      long id = info.getThreadId();
      if (first) {
        startTimes.put(id, cpu);
      }
      lastTimes.put(id, cpu);
      fake.computeIfAbsent(
          id, k -> FAKE_THREADS.stream().anyMatch(p -> info.getThreadName().startsWith(p)));
    }
  }

  /** Stops sampling and returns the phase's CPU so far. */
  synchronized Cpu stop() {
    running = false;
    sampler.interrupt();
    sample(false);
    long fakeNanos = 0;
    for (var e : lastTimes.entrySet()) {
      if (fake.getOrDefault(e.getKey(), false)) {
        fakeNanos += e.getValue() - startTimes.getOrDefault(e.getKey(), 0L);
      }
    }
    return new Cpu(
        (os.getProcessCpuTime() - processStart) / 1e9,
        fakeNanos / 1e9,
        (jitMillis() - jitStart) / 1e3);
  }

  private long jitMillis() {
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime()
        : 0;
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
