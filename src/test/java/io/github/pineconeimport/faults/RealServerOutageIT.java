package io.github.pineconeimport.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.pineconeimport.fake.ImportScript;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.testing.RealKube;
import io.github.pineconeimport.testing.RealOperatorHarness;
import io.github.pineconeimport.testing.TestResources;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The API server stopped in the middle of imports, for 30 seconds and then for 5 minutes, on a real
 * API server of the test's own (etcd keeps running, so it comes back with its data). While it is
 * away an import finishes in Pinecone each time; once it is back, status catches up within one poll
 * interval, with one event per import and no crash loop.
 *
 * <p>It waits for more than five minutes on a server of its own, so it runs beside the other test
 * classes instead of after them.
 */
@Execution(ExecutionMode.CONCURRENT)
class RealServerOutageIT {

  static final Duration POLL = Duration.ofSeconds(10);

  RealKube kube;
  RealOperatorHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
    if (kube != null) {
      kube.close();
    }
  }

  @Test
  void afterOutagesOf30SecondsAnd5MinutesStatusCatchesUpWithinOnePollInterval() throws Exception {
    kube = RealKube.dedicated();
    h =
        RealOperatorHarness.start(
            kube,
            kube.newNamespace("outage"),
            Map.of(),
            () -> kube.newClient(c -> c.setUserAgent(RealOperatorHarness.OPERATOR_AGENT)));
    h.createSecret(TestResources.API_KEY);
    // 901 finishes during the first outage, 902 (ten times slower) during the second
    h.pinecone.seed(
        "902",
        new ImportScript(
            Duration.ofSeconds(10),
            Duration.ofMinutes(5),
            Duration.ofSeconds(10),
            3,
            900,
            BulkImport.COMPLETED,
            null));
    h.pinecone.seed("901", TestResources.SCRIPT);
    for (String id : new String[] {"901", "902"}) {
      var cr = h.importOf("import-" + id, id);
      cr.getSpec().setPollInterval(POLL.toSeconds() + "s");
      h.client.resource(cr).create();
    }
    h.pineconeClock.advance(Duration.ofSeconds(20));
    h.awaitStatus("import-901", s -> Double.valueOf(33.3).equals(s.getPercentComplete()));
    h.awaitPhase("import-902", "InProgress");

    Duration first = outage(Duration.ofSeconds(30), "901", Duration.ofSeconds(45));
    Duration second = outage(Duration.ofMinutes(5), "902", Duration.ofMinutes(10));
    System.out.printf(
        "Completed %d ms after a 30s outage, %d ms after a 5m outage" + " (poll interval %s)%n",
        first.toMillis(), second.toMillis(), POLL);

    for (String id : new String[] {"901", "902"}) {
      assertThat(h.awaitEvents("import-" + id, 1))
          .as(id)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getReason()).isEqualTo("ImportCompleted");
                assertThat(e.getCount()).isEqualTo(1);
              });
    }
    assertThat(h.operator().isHealthy()).isTrue();
  }

  /**
   * Stops the API server, lets import {@code id} finish in Pinecone, waits {@code length}, starts
   * the server and returns how long after its return status showed Completed.
   */
  private Duration outage(Duration length, String id, Duration pineconeAdvance)
      throws InterruptedException {
    kube.stopApiServer();
    long stoppedAt = System.nanoTime();
    h.pineconeClock.advance(pineconeAdvance);
    await().atMost(Duration.ofSeconds(20)).until(() -> !h.operator().isReady());
    assertThat(h.operator().isHealthy()).as("alive while the API server is away").isTrue();
    Thread.sleep(
        Math.max(
            0, length.toMillis() - Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis()));
    assertThat(h.pinecone.currentStatus(id)).contains("Completed");

    kube.startApiServer();
    long backAt = System.nanoTime();
    h.awaitPhase("import-" + id, "Completed");
    Duration lag = Duration.ofNanos(System.nanoTime() - backAt);
    assertThat(lag).as("status caught up within one poll interval").isLessThan(POLL);
    await().atMost(Duration.ofSeconds(60)).until(() -> h.operator().isReady());
    return lag;
  }
}
