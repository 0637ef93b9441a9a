package io.github.pineconeimport.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.pineconeimport.PineconeImportOperator;
import io.github.pineconeimport.config.OperatorConfig;
import io.github.pineconeimport.fake.FakeKubernetes;
import io.github.pineconeimport.fake.FakePineconeServer;
import io.github.pineconeimport.fake.Fault;
import io.github.pineconeimport.fake.ImportScript;
import io.github.pineconeimport.pinecone.BulkImport;
import io.github.pineconeimport.testing.TestResources;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The per-host request budget in the running operator: many imports of one host that all want a
 * look at once are paced at the host's budget, and a host answering 429 holds back only its own
 * imports.
 */
class HostBudgetOperatorTest {

  static final int BUDGET = 4;
  static final ImportScript RUNS_FOR_AN_HOUR =
      new ImportScript(
          Duration.ofHours(1),
          Duration.ofSeconds(30),
          Duration.ofSeconds(10),
          3,
          900,
          BulkImport.COMPLETED,
          null);

  @Test
  void importsOfAThrottlingHostArePacedAndImportsOfAnotherHostKeepTheirPolls() throws Exception {
    Clock clock = Clock.systemUTC();
    try (var kube = FakeKubernetes.start();
        var busy = FakePineconeServer.start(0, TestResources.API_KEY, clock);
        var calm = FakePineconeServer.start(0, TestResources.API_KEY, clock)) {
      var client = kube.client();
      client
          .resource(
              TestResources.apiKeySecret(TestResources.SECRET, "apiKey", TestResources.API_KEY))
          .create();
      busy.faultAll(
          IntStream.range(0, 500)
              .mapToObj(i -> Fault.status(429, "slow down"))
              .toArray(Fault[]::new));
      var config =
          OperatorConfig.fromEnv(
              Map.of(
                  OperatorConfig.ALLOWED_HOSTS,
                  busy.allowedHostEntry() + "," + calm.allowedHostEntry(),
                  OperatorConfig.WATCH_NAMESPACES,
                  TestResources.NAMESPACE,
                  OperatorConfig.HOST_REQUESTS_PER_SECOND,
                  String.valueOf(BUDGET)));
      // twelve imports of the busy host exist before the operator starts: a restart
      for (int i = 0; i < 12; i++) {
        busy.seed("busy-" + i, RUNS_FOR_AN_HOUR);
        client
            .resource(TestResources.pineconeImport("busy-" + i, busy.hostAndPort(), "busy-" + i))
            .create();
      }
      for (int i = 0; i < 2; i++) {
        calm.seed("calm-" + i, RUNS_FOR_AN_HOUR);
        client
            .resource(TestResources.pineconeImport("calm-" + i, calm.hostAndPort(), "calm-" + i))
            .create();
      }
      var operatorClient = kube.newClient();
      List<Long> busyCounts = new ArrayList<>();
      try (var operator =
          PineconeImportOperator.start(operatorClient, config, clock, new SimpleMeterRegistry())) {
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(100))
            .until(
                () -> {
                  busyCounts.add(busy.requestCount());
                  return calm.requestCount("calm-0") >= 5 && calm.requestCount("calm-1") >= 5;
                });
      } finally {
        operatorClient.close();
      }
      // every poll at the busy host was a 429, yet the calm host's imports were polled on
      assertThat(busy.requestCount()).isPositive();
      // no second ever had more than the budget (plus its burst of one) at the busy host,
      // although twelve imports wanted their first poll at the same moment
      for (int i = 10; i < busyCounts.size(); i++) {
        assertThat(busyCounts.get(i) - busyCounts.get(i - 10))
            .as("requests in one second")
            .isLessThanOrEqualTo(BUDGET + 1);
      }
    }
  }
}
