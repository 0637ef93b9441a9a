package io.github.pineconeimport.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches the PineconeImports as a user would and notes when each of the profile's states first
 * shows in a resource's status, so that the lag from the fake's change to the resource can be
 * measured without touching the poller under test.
 */
final class StatusLagRecorder implements AutoCloseable {

  /** Lag of every state change that reached a resource, in milliseconds. */
  record Lag(long samples, long p50Millis, long p99Millis, long maxMillis) {}

  private final Profile profile;
  private final Workload workload;
  private final Clock clock;
  private final long[] seenAtMillis;
  private final AtomicInteger ended = new AtomicInteger();
  private final SharedIndexInformer<PineconeImport> informer;

  StatusLagRecorder(KubernetesClient client, Workload workload, Profile profile, Clock clock) {
    this.profile = profile;
    this.workload = workload;
    this.clock = clock;
    this.seenAtMillis = new long[workload.size() * profile.states()];
    this.informer =
        client
            .resources(PineconeImport.class)
            .inNamespace(workload.namespace())
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(PineconeImport obj) {
                    seen(obj);
                  }

                  @Override
                  public void onUpdate(PineconeImport oldObj, PineconeImport newObj) {
                    seen(newObj);
                  }

                  @Override
                  public void onDelete(PineconeImport obj, boolean deletedFinalStateUnknown) {}
                },
                0);
  }

  private void seen(PineconeImport cr) {
    int index = Workload.indexOf(cr.getMetadata().getName());
    int state = profile.stateOf(cr.getStatus());
    if (index < 0 || index >= workload.size() || state < 0) {
      return;
    }
    int slot = index * profile.states() + state;
    synchronized (seenAtMillis) {
      if (seenAtMillis[slot] != 0) {
        return;
      }
      seenAtMillis[slot] = clock.millis();
    }
    if (state == profile.terminalState()) {
      ended.incrementAndGet();
    }
  }

  /** Imports whose resource shows Completed or Failed. */
  int ended() {
    return ended.get();
  }

  Lag lag() {
    long[] lags;
    int count = 0;
    synchronized (seenAtMillis) {
      lags = new long[seenAtMillis.length];
      for (int slot = 0; slot < seenAtMillis.length; slot++) {
        if (seenAtMillis[slot] == 0) {
          continue;
        }
        int index = slot / profile.states();
        long changedAt =
            workload.createdAtMillis(index)
                + profile.changeOffset(index, slot % profile.states()).toMillis();
        lags[count++] = Math.max(0, seenAtMillis[slot] - changedAt);
      }
    }
    if (count == 0) {
      return new Lag(0, 0, 0, 0);
    }
    long[] sorted = Arrays.copyOf(lags, count);
    Arrays.sort(sorted);
    return new Lag(count, percentile(sorted, 50), percentile(sorted, 99), sorted[count - 1]);
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  @Override
  public void close() {
    informer.close();
  }
}
