package io.github.pineconeimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.github.pineconeimport.PineconeImportOperator.Termination;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.fake.Fault;
import io.github.pineconeimport.testing.OperatorHarness;
import io.github.pineconeimport.testing.TestResources;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two replicas against one API server, as the shipped Deployment runs them. */
class LeaderElectionIT {

  static final String LEASE = "pinecone-import-operator-lease";

  OperatorHarness h;

  @BeforeEach
  void start() throws Exception {
    h =
        OperatorHarness.withoutOperator(
            Map.of(
                OperatorConfig.LEADER_ELECTION,
                "true",
                OperatorConfig.LEADER_ELECTION_NAMESPACE,
                TestResources.NAMESPACE));
    h.createSecret(TestResources.API_KEY);
    h.pinecone.seed("201", PineconeImportOperatorTest.SCRIPT);
    h.pinecone.seed("202", PineconeImportOperatorTest.SCRIPT);
    h.pineconeClock.advance(Duration.ofMinutes(5)); // both imports have completed in Pinecone
  }

  @AfterEach
  void stop() {
    h.close();
  }

  @Test
  void onlyTheLeaderReconcilesAndTheStandbyTakesOverWhenTheLeaderStops() {
    var a = replica("replica-a");
    await().atMost(Duration.ofSeconds(20)).until(a::isLeader);
    var b = replica("replica-b");
    assertThat(b.isReady()).as("a standby is started and ready, only not reconciling").isTrue();

    h.createImport("first", "201");
    h.awaitPhase("first", "Completed");
    assertThat(a.metrics().pineconeRequests()).isPositive();
    assertThat(b.metrics().pineconeRequests()).isZero();
    assertThat(b.metrics().statusWrites()).isZero();
    assertThat(b.isLeader()).isFalse();
    assertThat(holder()).isEqualTo("replica-a");

    a.close();
    assertThat(a.terminated()).isCompletedWithValue(Termination.STOPPED);
    // a released the lease on the way out, so b need not wait out its 15s duration
    await().atMost(Duration.ofSeconds(10)).until(b::isLeader);
    assertThat(holder()).isEqualTo("replica-b");

    double requestsByA = a.metrics().pineconeRequests();
    h.createImport("second", "202");
    h.awaitPhase("second", "Completed");
    assertThat(b.metrics().pineconeRequests()).isPositive();
    assertThat(a.metrics().pineconeRequests()).isEqualTo(requestsByA);
  }

  @Test
  void aReplicaThatLosesTheLeaseStopsReconcilingAndSaysWhy() {
    var a = replica("replica-a");
    await().atMost(Duration.ofSeconds(20)).until(a::isLeader);

    stealLease("replica-elsewhere");

    assertThat(a.terminated())
        .succeedsWithin(Duration.ofSeconds(20))
        .isEqualTo(Termination.LEASE_LOST);
    assertThat(a.isReady()).as("stopped, so /readyz says so").isFalse();
    assertThat(holder()).as("the lease it lost is not touched").isEqualTo("replica-elsewhere");

    h.createImport("orphan", "202");
    PineconeImportOperatorTest.sleep(2500); // several poll intervals: time to (wrongly) reconcile
    assertThat(h.pinecone.requestsFor("202")).isEmpty();
    assertThat(h.get("orphan").getStatus()).isNull();
  }

  @Test
  void stoppingLetsARunningReconcileFinishItsStatusWrite() {
    var a = replica("replica-a");
    await().atMost(Duration.ofSeconds(20)).until(a::isLeader);
    h.pinecone.fault("201", new Fault.Slow(Duration.ofSeconds(2)));
    h.createImport("slow", "201");
    await().atMost(Duration.ofSeconds(10)).until(() -> h.pinecone.requestCount() >= 1);

    a.close(); // what the SIGTERM hook does

    // the answer came after close() was called, and still made it into the status
    assertThat(h.get("slow").getStatus()).isNotNull();
    assertThat(h.get("slow").getStatus().getPhase()).isEqualTo("Completed");
  }

  private PineconeImportOperator replica(String podName) {
    return h.startInstance(Map.of(OperatorConfig.POD_NAME, podName), podName);
  }

  private Lease lease() {
    return h.client.leases().inNamespace(TestResources.NAMESPACE).withName(LEASE).get();
  }

  private String holder() {
    return lease().getSpec().getHolderIdentity();
  }

  private void stealLease(String thief) {
    Lease lease = lease();
    lease.getSpec().setHolderIdentity(thief);
    lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
    lease.getSpec().setLeaseDurationSeconds(60);
    h.client.resource(lease).update();
  }
}
