package io.github.pineconeimport.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.github.pineconeimport.api.v1alpha1.PineconeImport;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.fake.FakePineconeServer;
import io.github.pineconeimport.fake.Fault;
import io.github.pineconeimport.fake.ManualClock;
import io.github.pineconeimport.testing.OperatorJvm;
import io.github.pineconeimport.testing.RealKube;
import io.github.pineconeimport.testing.TestResources;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the operator, each its own JVM, on the real API server. The leader is SIGKILLed
 * in the middle of four imports (three tracked, one it started itself); the standby takes over once
 * the Lease expires and finishes them, with one event per transition and no second start, because
 * every transition and the start's progress are recorded in status. A leader killed during its
 * start (intent written, POST answer not back) leaves one import, which the new leader adopts.
 */
class RealServerHandoverIT {

  static final String LEASE = "pinecone-import-operator-lease";
  static final Duration LEASE_DURATION = Duration.ofSeconds(6);
  static final List<String> IMPORTS = List.of("801", "802", "803");

  /** One more import that the operator starts itself (spec.source) instead of tracking. */
  static final String STARTED = "started";

  static final String URI = "s3://demo-bucket/handover/";

  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final RealKube kube = RealKube.get();
  final String namespace = kube.newNamespace("handover");
  FakePineconeServer pinecone;
  OperatorJvm a;
  OperatorJvm b;

  @AfterEach
  void stop() throws Exception {
    for (var jvm : new OperatorJvm[] {a, b}) {
      if (jvm != null) {
        jvm.close();
      }
    }
    if (pinecone != null) {
      pinecone.close();
    }
  }

  @Test
  void theStandbyTakesOverWithinTheLeaseDurationOfAKilledLeaderWithoutADuplicateEvent()
      throws Exception {
    pinecone = FakePineconeServer.start(0, TestResources.API_KEY, clock);
    var client = kube.client();
    client
        .resource(
            TestResources.apiKeySecret(
                namespace, TestResources.SECRET, "apiKey", TestResources.API_KEY))
        .create();
    IMPORTS.forEach(
        id -> {
          pinecone.seed(id, TestResources.SCRIPT);
          client
              .resource(
                  TestResources.pineconeImport(
                      namespace, "import-" + id, pinecone.hostAndPort(), id))
              .create();
        });
    pinecone.startScript(URI, TestResources.SCRIPT);
    client
        .resource(TestResources.startingImport(namespace, STARTED, pinecone.hostAndPort(), URI))
        .create();

    a = OperatorJvm.start("replica-a", env("replica-a"));
    await().atMost(Duration.ofSeconds(60)).until(() -> "replica-a".equals(holder()));
    b = OperatorJvm.start("replica-b", env("replica-b"));
    b.awaitLog("replica-b stands by", Duration.ofSeconds(60));

    clock.advance(Duration.ofSeconds(20));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> IMPORTS.stream().allMatch(id -> Double.valueOf(33.3).equals(percent(id))));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                pinecone.postCount(URI) == 1
                    && TestResources.get(client, namespace, STARTED).getStatus() != null
                    && TestResources.get(client, namespace, STARTED).getStatus().getImportId()
                        != null);

    long killedAt = System.nanoTime();
    a.kill();
    clock.advance(Duration.ofMinutes(5));
    pinecone.clearRequests();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                IMPORTS.stream().allMatch(id -> "Completed".equals(phase(id)))
                    && "Completed"
                        .equals(
                            TestResources.get(client, namespace, STARTED).getStatus().getPhase()));

    Duration takeover =
        Duration.ofNanos(
            pinecone.requests().stream()
                    .mapToLong(FakePineconeServer.Request::receivedNanos)
                    .min()
                    .orElseThrow()
                - killedAt);
    System.out.printf(
        "leader killed; the standby's first request to Pinecone %d ms later" + " (lease %s)%n",
        takeover.toMillis(), LEASE_DURATION);
    assertThat(holder()).isEqualTo("replica-b");
    // the Lease runs out, one retry period to notice, one poll interval to look
    assertThat(takeover).isLessThan(LEASE_DURATION.plusSeconds(6));
    assertThat(takeover)
        .as("nobody polled while the dead leader's Lease held")
        .isGreaterThan(Duration.ofSeconds(2));
    Thread.sleep(1000); // a duplicate event would show up right behind
    IMPORTS.forEach(
        id ->
            assertThat(events("import-" + id))
                .as(id)
                .singleElement()
                .satisfies(
                    e -> {
                      assertThat(e.getReason()).isEqualTo("ImportCompleted");
                      assertThat(e.getCount()).isEqualTo(1);
                    }));
    assertThat(pinecone.postCount(URI))
        .as("the import the dead leader started, started once")
        .isEqualTo(1);
    assertThat(events(STARTED))
        .extracting(e -> e.getReason() + e.getCount())
        .containsExactlyInAnyOrder("ImportStarted1", "ImportCompleted1");
    // SIGTERM: the JVM runs the shutdown hook and ends with 128+15
    assertThat(b.stop()).isEqualTo(143);
    assertThat(b.log()).contains("replica-b released Lease").doesNotContain("ERROR");
  }

  /**
   * The leader dies during its start: the intent is in status, the POST has reached Pinecone (which
   * created the import) and its answer has not come back. The new leader must not start a second
   * import: it waits out the in-flight window, lists, and adopts the one there is.
   */
  @Test
  void aLeaderKilledDuringItsStartLeavesOneImportThatTheNewLeaderAdopts() throws Exception {
    // Pinecone's createdAt against the intent's requestedAt is how the list tells our import
    clock.followRealTime(java.time.Clock.systemUTC());
    pinecone = FakePineconeServer.start(0, TestResources.API_KEY, clock);
    String uri = URI + "killed-during-start/";
    pinecone.startScript(uri, TestResources.SCRIPT);
    // the import exists in Pinecone; the answer that names it takes 4 s
    pinecone.faultStarts(Fault.slowAfterCreate(Duration.ofSeconds(4)));
    var client = kube.client();
    client
        .resource(
            TestResources.apiKeySecret(
                namespace, TestResources.SECRET, "apiKey", TestResources.API_KEY))
        .create();
    a = OperatorJvm.start("replica-a", shortWindow(env("replica-a")));
    await().atMost(Duration.ofSeconds(60)).until(() -> "replica-a".equals(holder()));
    b = OperatorJvm.start("replica-b", shortWindow(env("replica-b")));
    b.awaitLog("replica-b stands by", Duration.ofSeconds(60));

    client
        .resource(TestResources.startingImport(namespace, STARTED, pinecone.hostAndPort(), uri))
        .create();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> pinecone.postCount(uri) == 1);
    a.kill();
    var left = TestResources.get(client, namespace, STARTED).getStatus();
    assertThat(left.getStart()).as("the intent, written before the POST").isNotNull();
    assertThat(left.getImportId()).as("no answer recorded").isNull();

    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              var status = TestResources.get(client, namespace, STARTED).getStatus();
              return status != null && status.getImportId() != null;
            });

    assertThat(holder()).isEqualTo("replica-b");
    assertThat(pinecone.postCount(uri)).as("POSTs").isEqualTo(1);
    assertThat(pinecone.importsWithUri(uri))
        .singleElement()
        .satisfies(
            i ->
                assertThat(TestResources.get(client, namespace, STARTED).getStatus().getImportId())
                    .isEqualTo(i.id()));
  }

  /** A short in-flight window (connect + request timeout + clock skew = 8 s), for a quick test. */
  private static Map<String, String> shortWindow(Map<String, String> env) {
    env.put(OperatorConfig.CONNECT_TIMEOUT, "1s");
    env.put(OperatorConfig.REQUEST_TIMEOUT, "5s");
    env.put(OperatorConfig.START_CLOCK_SKEW, "2s");
    return env;
  }

  private Map<String, String> env(String pod) {
    var env = new HashMap<String, String>();
    env.put("KUBECONFIG", kube.kubeconfig().toString());
    env.put(OperatorConfig.WATCH_NAMESPACES, namespace);
    env.put(OperatorConfig.LEADER_ELECTION, "true");
    env.put(OperatorConfig.LEADER_ELECTION_NAMESPACE, namespace);
    env.put(OperatorConfig.LEASE_DURATION, LEASE_DURATION.toSeconds() + "s");
    env.put(OperatorConfig.LEASE_RENEW_DEADLINE, "4s");
    env.put(OperatorConfig.LEASE_RETRY_PERIOD, "1s");
    env.put(OperatorConfig.POD_NAME, pod);
    env.put(OperatorConfig.ALLOWED_HOSTS, pinecone.allowedHostEntry());
    env.put(OperatorConfig.HEALTH_PORT, "0");
    env.put(OperatorConfig.STALLED_RETRY, "10m");
    return env;
  }

  private String holder() {
    Lease lease = kube.client().leases().inNamespace(namespace).withName(LEASE).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  private PineconeImport get(String id) {
    return TestResources.get(kube.client(), namespace, "import-" + id);
  }

  private Double percent(String id) {
    var cr = get(id);
    return cr.getStatus() == null ? null : cr.getStatus().getPercentComplete();
  }

  private String phase(String id) {
    var cr = get(id);
    return cr.getStatus() == null ? null : cr.getStatus().getPhase();
  }

  private List<Event> events(String name) {
    return TestResources.eventsFor(kube.client(), namespace, name);
  }
}
