package io.github.pineconeimport.bench;

import io.github.pineconeimport.fake.FakePineconeServer;
import io.github.pineconeimport.fake.ImportScript;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The fake Pinecone of one phase as several index hosts (one fake server each, on loopback), with
 * import {@code i} on host {@code i % hosts}: a real fleet of imports spreads over indexes, and
 * each index host has its own request budget. Also notes, ten times a second, how many requests
 * each host has served, so the busiest second of any host can be read afterwards.
 */
final class PineconeFleet implements AutoCloseable {

  /** Requests per second one host is planned to see at most on average (half the budget). */
  static final double PLANNED_REQUESTS_PER_HOST = 50;

  private static final int SAMPLES_PER_SECOND = 10;

  private final List<FakePineconeServer> hosts = new ArrayList<>();
  private final List<long[]> samples = new ArrayList<>();
  private final Thread sampler;
  private volatile boolean running = true;

  PineconeFleet(int count, String apiKey, Clock clock) throws IOException {
    for (int i = 0; i < count; i++) {
      hosts.add(FakePineconeServer.start(0, apiKey, clock, Math.max(2, 8 / count)));
    }
    sampler = new Thread(this::sample, "fake-pinecone-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Enough hosts that each sees about {@link #PLANNED_REQUESTS_PER_HOST} polls per second. */
  static int hostsFor(int imports, Profile profile) {
    double perSecond = imports / (double) profile.poll().toSeconds();
    return Math.max(1, (int) Math.ceil(perSecond / PLANNED_REQUESTS_PER_HOST));
  }

  int size() {
    return hosts.size();
  }

  FakePineconeServer hostOf(int index) {
    return hosts.get(index % hosts.size());
  }

  void seed(int index, String importId, ImportScript script) {
    hostOf(index).seed(importId, script);
  }

  void recordRequests(boolean on) {
    hosts.forEach(h -> h.recordRequests(on));
  }

  /** PINECONE_ALLOWED_HOSTS that lets the operator reach every host. */
  String allowedHosts() {
    return hosts.stream()
        .map(FakePineconeServer::allowedHostEntry)
        .collect(Collectors.joining(","));
  }

  long requestCount() {
    return hosts.stream().mapToLong(FakePineconeServer::requestCount).sum();
  }

  long requestCount(int index, String importId) {
    return hostOf(index).requestCount(importId);
  }

  List<String> servedStates(int index, String importId) {
    return hostOf(index).servedStates(importId);
  }

  Map<String, Long> requestsByVerbAndPath() {
    Map<String, Long> out = new HashMap<>();
    hosts.forEach(h -> h.requestsByVerbAndPath().forEach((k, v) -> out.merge(k, v, Long::sum)));
    return out;
  }

  /** Index of the sample taken now; {@link #busiestSecond} reads from one such mark on. */
  synchronized int mark() {
    return samples.size();
  }

  /** The most requests any one host served within one second since {@code mark}. */
  synchronized long busiestSecond(int mark) {
    long most = 0;
    for (int i = Math.max(mark, SAMPLES_PER_SECOND); i < samples.size(); i++) {
      long[] now = samples.get(i);
      long[] secondAgo = samples.get(i - SAMPLES_PER_SECOND);
      for (int h = 0; h < now.length; h++) {
        most = Math.max(most, now[h] - secondAgo[h]);
      }
    }
    return most;
  }

  private void sample() {
    while (running) {
      long[] counts = new long[hosts.size()];
      for (int h = 0; h < counts.length; h++) {
        counts[h] = hosts.get(h).requestCount();
      }
      synchronized (this) {
        samples.add(counts);
      }
      try {
        Thread.sleep(1000 / SAMPLES_PER_SECOND);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    hosts.forEach(FakePineconeServer::close);
  }
}
