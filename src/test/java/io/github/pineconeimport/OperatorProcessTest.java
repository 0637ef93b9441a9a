package io.github.pineconeimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.testing.OperatorHarness;
import io.github.pineconeimport.testing.TestResources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code run} command as the pod runs it, on the embedded API server: a replica whose Lease
 * another holder takes answers /readyz with 503 and ends with exit code 1, so the kubelet restarts
 * it as a fresh candidate.
 */
class OperatorProcessTest {

  static final String LEASE = "pinecone-import-operator-lease";

  OperatorHarness h;
  final List<Thread> shutdownHooks = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    shutdownHooks.forEach(Thread::run); // what the JVM does on exit
    if (h != null) {
      h.close();
    }
  }

  @Test
  void losingTheLeaseAnswersReadyzWith503AndExitsWith1() throws Exception {
    h = OperatorHarness.withoutOperator(Map.of());
    var env =
        h.env(
            Map.of(
                OperatorConfig.LEADER_ELECTION,
                "true",
                OperatorConfig.LEADER_ELECTION_NAMESPACE,
                TestResources.NAMESPACE,
                OperatorConfig.POD_NAME,
                "replica-a"));
    var started = new CompletableFuture<OperatorProcess>();
    var exit =
        CompletableFuture.supplyAsync(
            () ->
                OperatorProcess.run(
                    env,
                    () -> h.kube.newClient("replica-a"),
                    shutdownHooks::add,
                    started::complete));

    OperatorProcess process = started.get(30, java.util.concurrent.TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(20)).until(() -> process.operator().isLeader());
    assertThat(readyz(process)).isEqualTo(200);
    assertThat(exit).isNotDone();

    stealLease("replica-elsewhere");

    assertThat(exit).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(1);
    assertThat(readyz(process)).isEqualTo(503);
    assertThat(shutdownHooks).as("SIGTERM still closes it").hasSize(1);
  }

  static int readyz(OperatorProcess process) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + process.healthPort() + "/readyz"))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private void stealLease(String thief) {
    Lease lease = h.client.leases().inNamespace(TestResources.NAMESPACE).withName(LEASE).get();
    lease.getSpec().setHolderIdentity(thief);
    lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
    lease.getSpec().setLeaseDurationSeconds(60);
    h.client.resource(lease).update();
  }
}
