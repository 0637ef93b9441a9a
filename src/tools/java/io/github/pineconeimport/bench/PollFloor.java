package io.github.pineconeimport.bench;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.github.pineconeimport.PineconeImportOperator;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.api.v1alpha1.PineconeImportSpec;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.fake.FakeKubernetes;
import io.github.pineconeimport.fake.ImportScript;
import io.github.pineconeimport.pinecone.ApiKey;
import io.github.pineconeimport.pinecone.ApiVersion;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.pinecone.IndexEndpoint;
import io.github.pineconeimport.pinecone.PineconeApiException;
import io.github.pineconeimport.pinecone.PineconeClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a poll costs in the parts the operator is built from, each alone, at the rate of the real
 * run (N imports, one poll per poll each, on the operator's 10 reconcile threads):
 *
 * <ul>
 *   <li>{@code get}: our Pinecone client's GET of one import from the fake fleet, and nothing else,
 *       on a scheduled pool of 10 threads;
 *   <li>{@code get, blocking}: the same GET through the JDK's blocking {@code HttpURLConnection}
 *       (keep-alive, body read in full), which the operator does not use: what a client without the
 *       selector thread's hand-offs would cost;
 *   <li>{@code schedule}: the same pool's tasks doing nothing, the hand-off both GET parts include
 *       (in the operator JOSDK's timer makes it), to take out of their figures;
 *   <li>{@code josdk}: JOSDK's round for a poll, configured as the operator's (cloner, metrics,
 *       threads, all-events mode), with a reconciler that does nothing but {@code
 *       rescheduleAfter(poll)}, over N resources on the mock API server.
 * </ul>
 *
 * CPU is taken as in a phase (process CPU minus the fakes' threads) over a window after a warm-up
 * of the same work, so the figures are the floor that the operator's own work adds to.
 */
final class PollFloor {

  /** One part's figures over the measured window. */
  record Part(String name, long polls, double cpuSeconds, double jitSeconds) {
    double msPerPoll() {
      return polls == 0 ? 0 : cpuSeconds * 1000 / polls;
    }
  }

  private PollFloor() {}

  static List<Part> measure(int imports, Duration poll, Duration warmUp, Duration window)
      throws Exception {
    return List.of(
        get(imports, poll, warmUp, window),
        blockingGet(imports, poll, warmUp, window),
        schedule(imports, poll, warmUp, window),
        josdk(imports, poll, warmUp, window));
  }

  /** One look at one import, as the part under test makes it. */
  private interface Look {
    void at(IndexEndpoint endpoint, String importId) throws Exception;
  }

  static Part get(int imports, Duration poll, Duration warmUp, Duration window) throws Exception {
    var client =
        new PineconeClient(
            PineconeClient.Settings.defaults(),
            Clock.systemUTC(),
            (operation, code, latency) -> {});
    var key = new ApiKey(Workload.API_KEY);
    return polls(
        "get",
        imports,
        poll,
        warmUp,
        window,
        (endpoint, id) -> client.describe(endpoint, id, key, ApiVersion.NEWEST_TESTED));
  }

  static Part schedule(int imports, Duration poll, Duration warmUp, Duration window)
      throws Exception {
    return polls("schedule", imports, poll, warmUp, window, (endpoint, id) -> {});
  }

  static Part blockingGet(int imports, Duration poll, Duration warmUp, Duration window)
      throws Exception {
    var json =
        com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .disable(
                com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    return polls(
        "get, blocking",
        imports,
        poll,
        warmUp,
        window,
        (endpoint, id) -> {
          var http =
              (java.net.HttpURLConnection)
                  endpoint.baseUri().resolve("/bulk/imports/" + id).toURL().openConnection();
          http.setInstanceFollowRedirects(false);
          http.setConnectTimeout(5_000);
          http.setReadTimeout(15_000);
          http.setRequestProperty(PineconeClient.API_KEY_HEADER, Workload.API_KEY);
          http.setRequestProperty(PineconeClient.API_VERSION_HEADER, ApiVersion.NEWEST_TESTED);
          http.setRequestProperty("Accept", "application/json");
          if (http.getResponseCode() != 200) {
            throw new IllegalStateException("the fake answered " + http.getResponseCode());
          }
          try (var body = http.getInputStream()) {
            json.readValue(body.readAllBytes(), BulkImport.class);
          }
        });
  }

  private static Part polls(
      String name, int imports, Duration poll, Duration warmUp, Duration window, Look look)
      throws Exception {
    var profile = Profile.realistic(poll);
    var forever =
        new ImportScript(
            Duration.ofDays(1),
            Duration.ofDays(1),
            Duration.ofDays(1),
            1,
            Profile.RECORDS,
            BulkImport.COMPLETED,
            null);
    var polls = new AtomicLong();
    ScheduledExecutorService pool =
        Executors.newScheduledThreadPool(OperatorConfig.defaults().reconcileThreads());
    try (var fleet =
        new PineconeFleet(
            PineconeFleet.hostsFor(imports, profile), Workload.API_KEY, Clock.systemUTC())) {
      for (int i = 0; i < imports; i++) {
        String id = Workload.importId(i);
        fleet.seed(i, id, forever);
        IndexEndpoint endpoint = IndexEndpoint.parse(fleet.hostOf(i).baseUrl()).orElseThrow();
        pool.scheduleAtFixedRate(
            () -> {
              try {
                look.at(endpoint, id);
                polls.incrementAndGet();
              } catch (PineconeApiException e) {
                throw new IllegalStateException("the fake refused a poll: " + e.summary());
              } catch (Exception e) {
                throw new IllegalStateException("a poll failed", e);
              }
            },
            poll.toMillis() * i / imports,
            poll.toMillis(),
            TimeUnit.MILLISECONDS);
      }
      return window(name, polls, warmUp, window);
    } finally {
      pool.shutdownNow();
    }
  }

  static Part josdk(int imports, Duration poll, Duration warmUp, Duration window) throws Exception {
    var polls = new AtomicLong();
    try (var kube = FakeKubernetes.start()) {
      var client = kube.newClient();
      var operator =
          new Operator(
              PineconeImportOperator.josdkSettings(
                  client, OperatorConfig.defaults(), new SimpleMeterRegistry()));
      operator.register(new Idle(poll, polls), c -> c.settingNamespaces(MockCluster.NAMESPACE));
      operator.start();
      try {
        for (int i = 0; i < imports; i++) {
          var cr = new PineconeImport();
          cr.setMetadata(
              new ObjectMetaBuilder()
                  .withName(Workload.name(i))
                  .withNamespace(MockCluster.NAMESPACE)
                  .build());
          cr.setSpec(new PineconeImportSpec());
          cr.getSpec().setIndexHost("idx.svc.pinecone.io");
          cr.getSpec().setImportId(Workload.importId(i));
          kube.client().resource(cr).create();
          // arrivals spread over one poll, as the bench's creators spread them
          Thread.sleep(poll.toMillis() / imports);
        }
        return window("josdk", polls, warmUp, window);
      } finally {
        operator.stop();
        client.close();
      }
    }
  }

  private static Part window(String name, AtomicLong polls, Duration warmUp, Duration window)
      throws InterruptedException {
    Thread.sleep(warmUp.toMillis());
    long before = polls.get();
    try (var cpu = new CpuMeter()) {
      Thread.sleep(window.toMillis());
      var used = cpu.stop();
      return new Part(name, polls.get() - before, used.pollerSeconds(), used.jitSeconds());
    }
  }

  static String table(int imports, Duration poll, List<Part> parts) {
    var out =
        new StringBuilder(
            String.format(
                "%nWhat a poll costs, each part alone (%,d imports, a poll each every %ds):%n%n|"
                    + " part | polls in the window | CPU ms per poll (fakes excluded) | of it JIT,"
                    + " ms |%n|---|---:|---:|---:|%n",
                imports, poll.toSeconds()));
    for (Part p : parts) {
      out.append(
          String.format(
              "| %s | %,d | %.3f | %.3f |%n",
              p.name(),
              p.polls(),
              p.msPerPoll(),
              p.polls() == 0 ? 0 : p.jitSeconds() * 1000 / p.polls()));
    }
    return out.toString();
  }

  /** JOSDK's look and nothing else: no Pinecone, no status, the next poll in one poll. */
  @ControllerConfiguration(name = "look-floor", triggerReconcilerOnAllEvents = true)
  static final class Idle implements Reconciler<PineconeImport> {
    private final Duration poll;
    private final AtomicLong polls;

    Idle(Duration poll, AtomicLong polls) {
      this.poll = poll;
      this.polls = polls;
    }

    @Override
    public UpdateControl<PineconeImport> reconcile(
        PineconeImport resource, Context<PineconeImport> context) {
      polls.incrementAndGet();
      return UpdateControl.<PineconeImport>noUpdate().rescheduleAfter(poll);
    }
  }
}
