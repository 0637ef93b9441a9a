package io.github.pineconeimport.bench;

import io.fabric8.kubernetes.api.model.Event;
import io.github.pineconeimport.PineconeImportOperator;
import io.github.pineconeimport.config.OperatorConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One poller, one N, fresh fakes: create the imports, wait until every resource shows its end,
 * watch a quiet stretch, then read the counters. The operator and the naive baseline go through
 * exactly these steps, so their figures differ only by what they do.
 */
final class Phase {

  /** A poller under test, started before the first import exists. */
  interface Poller extends AutoCloseable {
    /** Told about each import once it exists (the operator finds them by itself). */
    default void created(String name, String importId, String baseUrl) {}

    default long errors() {
      return 0;
    }

    @Override
    void close();
  }

  interface PollerFactory {
    Poller start(BenchCluster kube, PineconeFleet pinecone, Profile profile);
  }

  /** The real operator, configured through the path that ships: OperatorConfig.fromEnv. */
  static Poller operator(BenchCluster kube, PineconeFleet pinecone, Profile profile) {
    var config =
        OperatorConfig.fromEnv(
            Map.of(
                OperatorConfig.ALLOWED_HOSTS, pinecone.allowedHosts(),
                OperatorConfig.WATCH_NAMESPACES, kube.namespace()));
    var client = kube.newClient();
    var operator =
        PineconeImportOperator.start(client, config, Clock.systemUTC(), new SimpleMeterRegistry());
    return () -> {
      operator.close();
      client.close();
    };
  }

  static Poller naive(BenchCluster kube, PineconeFleet pinecone, Profile profile) {
    var client = kube.newClient();
    var naive =
        new NaivePoller(
            client,
            kube.namespace(),
            Workload.API_KEY,
            profile.poll(),
            OperatorConfig.defaults().reconcileThreads());
    return new Poller() {
      @Override
      public void created(String name, String importId, String baseUrl) {
        naive.track(name, importId, baseUrl);
      }

      @Override
      public long errors() {
        return naive.errors();
      }

      @Override
      public void close() {
        naive.close();
        client.close();
      }
    };
  }

  private final String label;
  private final int size;
  private final BenchOptions options;
  private final PollerFactory factory;

  Phase(String label, int size, BenchOptions options, PollerFactory factory) {
    this.label = label;
    this.size = size;
    this.options = options;
    this.factory = factory;
  }

  PhaseResult run() throws Exception {
    Clock clock = Clock.systemUTC();
    Profile profile = options.profile();
    try (var stage = Stage.open(options, size, profile, clock)) {
      var kube = stage.kube();
      var pinecone = stage.pinecone();
      var workload = stage.workload();
      long kubeRequestsBefore = kube.tally().requests();
      long pollsBefore = pinecone.requestCount();
      var cpu = new CpuMeter();
      long start = System.nanoTime();
      try (var lag = new StatusLagRecorder(kube.client(), workload, profile, clock)) {
        Poller poller = factory.start(kube, pinecone, profile);
        workload.createImports(kube.client(), pinecone, clock, options.creators(), poller::created);
        boolean finished = awaitEnd(lag, start);

        kube.settle();
        long quietStart = System.nanoTime();
        long requestsBefore = pinecone.requestCount();
        long writesBefore = kube.tally().statusWrites();
        Thread.sleep(profile.quiet().toMillis());
        kube.settle();
        var quiet =
            new PhaseResult.Quiet(
                (System.nanoTime() - quietStart) / 1e9,
                pinecone.requestCount() - requestsBefore,
                kube.tally().statusWrites() - writesBefore);
        double wall = (System.nanoTime() - start) / 1e9;
        CpuMeter.Cpu used = cpu.stop();

        long heapWith = HeapMeter.usedAfterGc();
        long errors = poller.errors();
        poller.close();
        // dropped, so that the collector may take all the stopped poller held
        poller = null;
        long heapWithout = HeapMeter.usedAfterGc();
        kube.settle();

        var resources =
            new PhaseResult.Resources(
                heapWith - heapWithout,
                perThousand((heapWith - heapWithout) / (1024.0 * 1024.0)),
                used.processSeconds(),
                used.fakeSeconds(),
                perThousand(used.pollerSeconds()),
                used.jitSeconds(),
                pinecone.requestCount() - pollsBefore);
        long kubeRequests = kube.tally().requests() - kubeRequestsBefore;
        return tally(
            kube,
            workload,
            pinecone,
            profile,
            lag,
            finished,
            wall,
            quiet,
            resources,
            errors,
            kubeRequests);
      } finally {
        cpu.close();
      }
    }
  }

  private boolean awaitEnd(StatusLagRecorder lag, long startNanos) throws InterruptedException {
    long deadline = startNanos + options.phaseTimeout().toNanos();
    while (lag.ended() < size) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(100);
    }
    return true;
  }

  private PhaseResult tally(
      BenchCluster kube,
      Workload workload,
      PineconeFleet pinecone,
      Profile profile,
      StatusLagRecorder lag,
      boolean finished,
      double wall,
      PhaseResult.Quiet quiet,
      PhaseResult.Resources resources,
      long errors,
      long kubeRequests) {
    Map<String, Long> eventsByImport = eventsByImport(kube, workload);
    long requests = 0;
    long writes = 0;
    long visible = 0;
    long events = 0;
    int overIdeal = 0;
    int writesOff = 0;
    int eventsOff = 0;
    for (int i = 0; i < size; i++) {
      long r = pinecone.requestCount(i, Workload.importId(i));
      long w = kube.tally().statusWrites(Workload.name(i));
      long v = pinecone.servedStates(i, Workload.importId(i)).size();
      long e = eventsByImport.getOrDefault(Workload.name(i), 0L);
      requests += r;
      writes += w;
      visible += v;
      events += e;
      overIdeal += r > profile.idealRequests(i) ? 1 : 0;
      writesOff += w != v ? 1 : 0;
      eventsOff += e != profile.transitions() ? 1 : 0;
    }
    long idealTotal = profile.idealRequests(0, size);
    var pineconeFigures =
        new PhaseResult.Pinecone(
            requests,
            (double) requests / size,
            (double) idealTotal / size,
            idealTotal,
            overIdeal,
            pinecone.requestsByVerbAndPath());
    Map<String, Long> byCall = new TreeMap<>(kube.tally().callCounts());
    var kubeFigures =
        new PhaseResult.Kubernetes(
            kubeRequests,
            kubeRequests / wall,
            writes,
            (double) writes / size,
            (double) visible / size,
            visible,
            writesOff,
            byCall);
    var eventFigures =
        new PhaseResult.Events(events, (double) events / size, profile.transitions(), eventsOff);
    return new PhaseResult(
        label,
        size,
        finished,
        lag.ended(),
        wall,
        pineconeFigures,
        kubeFigures,
        eventFigures,
        quiet,
        lag.lag(),
        resources,
        errors);
  }

  private Map<String, Long> eventsByImport(BenchCluster kube, Workload workload) {
    Map<String, Long> out = new HashMap<>();
    for (Event e :
        kube.client().v1().events().inNamespace(workload.namespace()).list().getItems()) {
      if (e.getInvolvedObject() != null && e.getInvolvedObject().getName() != null) {
        out.merge(
            e.getInvolvedObject().getName(), e.getCount() == null ? 1L : e.getCount(), Long::sum);
      }
    }
    return out;
  }

  private double perThousand(double value) {
    return value * 1000.0 / size;
  }
}
